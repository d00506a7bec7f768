// CausalLM / MaskedLM behaviour: shapes, causality, the KV cache, save/load, train/eval,
// memory; the LM losses; the MLM collator's 80/10/10 rule.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../io/serialization.js';
import { CausalLM, type CausalLMOptions } from './causal_lm.js';
import { causalLmLoss, tokenCrossEntropy } from './lm_loss.js';
import { MaskedLM } from './masked_lm.js';
import { MlmCollator, maskTokens } from './mlm_collator.js';

beforeAll(() => initWasm());

const small: CausalLMOptions = {
  vocabSize: 17,
  maxLength: 12,
  dModel: 16,
  numHeads: 4,
  numLayers: 2,
  dropout: 0,
  seed: 3,
};
const ids2 = (rows: number[][]) => tf.tensor2d(rows, undefined, 'int32');

describe('CausalLM', () => {
  it('maps [B, T] ids to [B, T, V] logits and is causal', () => {
    const model = new CausalLM(small);
    const a = ids2([[1, 2, 3, 4, 5]]);
    const b = ids2([[1, 2, 3, 9, 0]]);
    const [la, lb] = [model.forward(a), model.forward(b)];
    expect(la.shape).toEqual([1, 5, 17]);
    const first = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [1, 3, 17]);
    expect(tf.max(tf.abs(tf.sub(first(la), first(lb)))).dataSync()[0]).toBeLessThan(1e-6);
    expect(tf.max(tf.abs(tf.sub(la, lb))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([a, b, la, lb]);
    model.dispose();
  });

  it('forwardCached (prefill, then one token at a time) gives the full forward logits', () => {
    const model = new CausalLM(small).eval();
    const seq = [[3, 1, 4, 1, 5, 9, 2, 6]];
    const full = model.forward(ids2(seq));
    const cache = model.newCache();
    const parts = [model.forwardCached(ids2([seq[0]!.slice(0, 5)]), cache)];
    for (let t = 5; t < 8; t++) parts.push(model.forwardCached(ids2([[seq[0]![t]!]]), cache));
    expect(cache.length).toBe(8);
    const stepped = tf.concat(parts, 1);
    expect(tf.max(tf.abs(tf.sub(full, stepped))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([full, stepped, ...parts]);
    cache.dispose();
    model.dispose();
  });

  it('rejects too many positions and non-int32 ids with clear errors', () => {
    const model = new CausalLM(small);
    const long = tf.zeros([1, 13], 'int32') as tf.Tensor2D;
    expect(() => model.forward(long)).toThrow(/13 positions exceed maxLength 12/);
    const f = tf.zeros([1, 3]) as tf.Tensor2D;
    expect(() => model.forward(f)).toThrow(/int32/);
    tf.dispose([long, f]);
    model.dispose();
  });

  it('saves and loads through the registry; tied and untied heads', () => {
    for (const tieWeights of [true, false]) {
      const model = new CausalLM({ ...small, tieWeights });
      const names = model.namedParameters().map(([n]) => n);
      expect(names.includes('lm_head.weight')).toBe(!tieWeights);
      expect(names.slice(0, 2)).toEqual(['wte.weight', 'wpe.weight']);
      expect(names).toContain('h.1.self_attn.in_proj_weight');
      const saved = saveModel(model);
      const back = loadModel(saved.weights) as CausalLM;
      expect(back).toBeInstanceOf(CausalLM);
      const x = ids2([[1, 2, 3]]);
      const d = tf.tidy(
        () => tf.max(tf.abs(tf.sub(model.forward(x), back.forward(x)))).dataSync()[0],
      );
      expect(d).toBe(0);
      tf.dispose(x);
      model.dispose();
      back.dispose();
    }
  });

  it('dropout acts in train mode only; a forward/backward step leaks no tensors', () => {
    const model = new CausalLM({ ...small, dropout: 0.3 });
    const x = ids2([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const diff = () =>
      tf.tidy(() => tf.max(tf.abs(tf.sub(model.forward(x), model.forward(x)))).dataSync()[0]!);
    expect(diff()).toBeGreaterThan(0);
    model.eval();
    expect(diff()).toBe(0);
    model.train();
    const step = () => {
      const { value, grads } = tf.variableGrads(
        () => causalLmLoss(model.forward(x), x),
        model.trainableParameters(),
      );
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    const held = tf.memory().numTensors;
    const n = model.parameters().length;
    model.dispose();
    expect(tf.memory().numTensors).toBe(held - n);
  });
});

describe('MaskedLM', () => {
  const opts = { vocabSize: 20, maxLength: 10, dModel: 16, numHeads: 2, numLayers: 2, dropout: 0 };

  it('[B, T] -> [B, T, V]; padding content does not change real positions', () => {
    const model = new MaskedLM(opts);
    const mask = tf.tensor2d([[1, 1, 1, 0, 0]]);
    const a = model.forward(ids2([[2, 3, 4, 0, 0]]), { mask });
    const b = model.forward(ids2([[2, 3, 4, 7, 9]]), { mask });
    expect(a.shape).toEqual([1, 5, 20]);
    const real = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [1, 3, 20]);
    expect(tf.max(tf.abs(tf.sub(real(a), real(b)))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([mask, a, b]);
    model.dispose();
  });

  it('saves and loads through the registry, token types change the output', () => {
    const model = new MaskedLM(opts);
    const back = loadModel(saveModel(model).weights) as MaskedLM;
    const x = ids2([[1, 2, 3]]);
    const types = ids2([[0, 1, 1]]);
    tf.tidy(() => {
      expect(tf.max(tf.abs(tf.sub(model.forward(x), back.forward(x)))).dataSync()[0]).toBe(0);
      const withTypes = model.forward(x, { tokenTypeIds: types });
      expect(tf.max(tf.abs(tf.sub(model.forward(x), withTypes))).dataSync()[0]).toBeGreaterThan(0);
    });
    tf.dispose([x, types]);
    model.dispose();
    back.dispose();
  });
});

describe('LM losses', () => {
  it('tokenCrossEntropy skips the ignore index and matches a hand computation', () => {
    const logits = tf.tensor3d([
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
    ]);
    const labels = tf.tensor2d([[2, -100]], undefined, 'int32');
    const expected = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
    expect(tokenCrossEntropy(logits, labels).dataSync()[0]).toBeCloseTo(expected, 5);
    const none = tf.tensor2d([[-100, -100]], undefined, 'int32');
    expect(Math.abs(tokenCrossEntropy(logits, none).dataSync()[0]!)).toBe(0);
    // causal: logits at t predict labels[t + 1]
    const shifted = tf.tensor2d([[7, 2]], undefined, 'int32');
    expect(causalLmLoss(logits, shifted).dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([logits, labels, none, shifted]);
  });
});

describe('MLM masking', () => {
  const options = { vocabSize: 100, maskId: 4, specialIds: [0, 1, 2] };

  it('selects ~15 % of non-special tokens with the 80/10/10 rule, never specials', () => {
    const n = 40_000;
    const ids = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 10 + (i % 90)));
    const { inputIds, labels } = maskTokens(ids, options, new Rng(7));
    let selected = 0;
    let masked = 0;
    let kept = 0;
    let bad = 0; // specials touched, or labels that disagree with the inputs
    for (let t = 0; t < n; t++) {
      if (ids[t] === 1) {
        if (labels[t] !== -100 || inputIds[t] !== 1) bad++;
        continue;
      }
      if (labels[t] === -100) {
        if (inputIds[t] !== ids[t]) bad++;
        continue;
      }
      if (labels[t] !== ids[t]) bad++;
      selected++;
      if (inputIds[t] === 4) masked++;
      else if (inputIds[t] === ids[t]) kept++;
    }
    expect(bad).toBe(0);
    const real = n * 0.9;
    expect(Math.abs(selected / real - 0.15)).toBeLessThan(0.01);
    expect(Math.abs(masked / selected - 0.8)).toBeLessThan(0.02);
    // kept includes the ~1 % of random draws that hit the original id
    expect(Math.abs(kept / selected - 0.1)).toBeLessThan(0.02);
  });

  it('the collator pads, never masks padding, and is deterministic for a seed', () => {
    const batch = [
      [5, 6, 7, 8, 9, 10, 11, 12],
      [5, 6, 7],
    ];
    const run = (seed: number) => {
      const c = new MlmCollator({ ...options, padId: 0, seed, probability: 0.5 });
      const b = c.collate(batch);
      const out = {
        ids: Array.from(b.inputIds.dataSync()),
        labels: Array.from(b.labels.dataSync()),
        mask: Array.from(b.mask.dataSync()),
      };
      tf.dispose([b.inputIds, b.labels, b.mask]);
      return out;
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    expect(a.mask).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(a.ids.slice(11)).toEqual([0, 0, 0, 0, 0]);
    expect(a.labels.slice(11)).toEqual([-100, -100, -100, -100, -100]);
  });
});
