// The shipped models in Node: files and sizes, tokenizer offsets, and `classify` (the page's
// forward with per-head attention, `outputAttentions`) against the model's plain forward.
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  classify,
  encodeIds,
  loadNewsModel,
  MODEL_FILES,
  type NewsModel,
  poolingScores,
  tokenScores,
} from '../src/model.js';
import { EXAMPLES } from './examples.js';

const modelsDir = join(import.meta.dirname, '..', 'public', 'models');
const SHIPPED = (
  JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as Array<{ id: string }>
).map((m) => m.id);
const MAX_BYTES = 6 * 1024 * 1024;

async function load(id: string): Promise<NewsModel> {
  return loadNewsModel(async (file) => {
    const data = await readFile(join(modelsDir, id, file));
    return { text: async () => data.toString('utf8'), bytes: async () => new Uint8Array(data) };
  });
}

beforeAll(async () => {
  await initWasm();
});

describe.each(SHIPPED)('shipped model %s', (id) => {
  let m: NewsModel;
  beforeAll(async () => {
    m = await load(id);
  });

  it('has all its files, within 6 MB', () => {
    const total = MODEL_FILES.reduce((n, f) => n + statSync(join(modelsDir, id, f)).size, 0);
    expect(total).toBeLessThanOrEqual(MAX_BYTES);
    const info = JSON.parse(readFileSync(join(modelsDir, id, 'info.json'), 'utf8'));
    expect(info.vocabularySize).toBe(m.tokenizer.getVocabSize());
    expect(m.model.numParameters()).toBe(info.parameters);
    expect(info.scores.test.accuracy).toBeGreaterThan(0);
    // A model picked on a validation split records the kept epoch and its score.
    const val = info.scores.validation;
    if (val) {
      expect(val.epoch).toBe(info.training.bestEpoch);
      expect(val.accuracy).toBe(info.training.history[val.epoch - 1].val_accuracy);
    }
  });

  it('classify matches model.forward and returns row-stochastic per-head attention', () => {
    const text = EXAMPLES[0]!.text;
    const c = classify(m, text);
    const ids = encodeIds(m.tokenizer, text, m.info.maxLength);
    const expected = tf.tidy(() =>
      tf.softmax(m.model.forward(tf.tensor2d(ids, [1, ids.length], 'int32'))).dataSync(),
    );
    c.probabilities.forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i]!, 5);
    });
    expect(c.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const T = c.tokens.length;
    expect(c.attention).toHaveLength(m.info.architecture.layers);
    for (const layer of c.attention) {
      expect(layer).toHaveLength(m.info.architecture.heads);
      for (const w of layer) {
        expect(w).toHaveLength(T * T);
        for (let q = 0; q < T; q++) {
          let row = 0;
          for (let k = 0; k < T; k++) row += w[q * T + k]!;
          expect(row).toBeCloseTo(1, 4);
        }
      }
    }
    const scores = tokenScores(c, 0, 'mean');
    expect(scores).toHaveLength(T);
    expect(Math.max(...scores)).toBeCloseTo(1, 6);
    // TF-IDF pooling: each token's share of the pooled vector, summing to 1.
    if (m.info.architecture.pooling === 'tfidf') {
      expect(c.pooling).toHaveLength(T);
      expect(c.pooling!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(Math.max(...poolingScores(c))).toBeCloseTo(1, 6);
    } else {
      expect(c.pooling).toBeUndefined();
    }
  });

  it('handles empty, huge and non-Latin input without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const empty = classify(m, '');
    expect(empty.tokens).toEqual([]);
    expect(empty.attention).toEqual([]);
    expect(empty.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const huge = classify(m, 'the match '.repeat(110_000)); // 1.1 MB
    expect(huge.truncated).toBe(true);
    expect(huge.tokens).toHaveLength(m.info.maxLength);
    const other = classify(m, 'Ποδόσφαιρο 足球 футбол 🏆');
    expect(other.tokens.length).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('shipped BBC model', () => {
  it('classifies the page examples as their topics', async () => {
    const m = await load('bbc');
    for (const ex of EXAMPLES.slice(0, 5)) {
      const c = classify(m, ex.text);
      expect(m.info.labels[c.top], ex.title).toBe(ex.title.toLowerCase());
    }
    // The bar for the BBC stratified 20 % test split (seed 0).
    expect(m.info.scores.test!.accuracy).toBeGreaterThanOrEqual(0.97);
  });
});
