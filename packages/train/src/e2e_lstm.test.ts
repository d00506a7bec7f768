// End to end: a small LSTM sentiment classifier, written here with raw tfjs-core ops (it will be
// swapped for @tfnlp/layers), trained by the Trainer on a generated fixture in the aclImdb
// layout (train|test / pos|neg / <id>_<rating>.txt), to well above chance, with no tensor leak.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accuracy } from './metrics/accuracy.js';
import { ConfusionMatrix } from './metrics/confusion_matrix.js';
import { AdamW } from './optimizers/adamw.js';
import { CosineWarmupDecay } from './schedules/cosine.js';
import { Trainer } from './trainer.js';
import type { EpochContext, StepContext } from './types.js';

const POSITIVE = ['great', 'wonderful', 'loved', 'brilliant', 'superb', 'moving', 'fun', 'best'];
const NEGATIVE = ['awful', 'boring', 'terrible', 'hated', 'worst', 'dull', 'mess', 'waste'];
const FILLER = (
  'the movie film plot acting was and i it story characters this a of to in director ' +
  'scenes music ending cast watched felt really quite very its with for but on at'
).split(' ');

/** Writes an aclImdb-style tree: <root>/<split>/<pos|neg>/<id>_<rating>.txt. */
function writeImdbFixture(root: string, perClass: Record<'train' | 'test', number>, seed: number) {
  const rng = new Rng(seed);
  const pick = (words: string[]) => words[rng.int(words.length)]!;
  for (const split of ['train', 'test'] as const) {
    for (const label of ['pos', 'neg'] as const) {
      mkdirSync(join(root, split, label), { recursive: true });
      for (let id = 0; id < perClass[split]; id++) {
        const words = Array.from({ length: 6 + rng.int(14) }, () => pick(FILLER));
        const own = label === 'pos' ? POSITIVE : NEGATIVE;
        const other = label === 'pos' ? NEGATIVE : POSITIVE;
        const cues = 1 + rng.int(3);
        for (let c = 0; c < cues; c++) words.splice(rng.int(words.length + 1), 0, pick(own));
        if (rng.random() < 0.3) words.splice(rng.int(words.length + 1), 0, pick(other));
        const rating = label === 'pos' ? 7 + rng.int(4) : 1 + rng.int(4);
        const text = `${words.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
        writeFileSync(join(root, split, label, `${id}_${rating}.txt`), `${text}<br /><br />`);
      }
    }
  }
}

interface Review {
  text: string;
  label: number;
}

function readImdb(root: string, split: 'train' | 'test'): Review[] {
  const out: Review[] = [];
  for (const [dir, label] of [
    ['neg', 0],
    ['pos', 1],
  ] as const) {
    for (const file of readdirSync(join(root, split, dir)).sort()) {
      out.push({ text: readFileSync(join(root, split, dir, file), 'utf8'), label });
    }
  }
  return out;
}

const tokenize = (text: string) =>
  text
    .replace(/<br \/>/g, ' ')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);

const TIME = 24;
const EMB = 16;
const HIDDEN = 24;

interface Batch {
  ids: Int32Array; // [batch, time], 0 = padding, 1 = unknown
  mask: Float32Array; // [batch, time]
  labels: Int32Array; // [batch]
}

function encode(reviews: Review[], vocab: Map<string, number>): Batch[] {
  return reviews.map(({ text, label }) => {
    const ids = new Int32Array(TIME);
    const mask = new Float32Array(TIME);
    tokenize(text)
      .slice(0, TIME)
      .forEach((w, t) => {
        ids[t] = vocab.get(w) ?? 1;
        mask[t] = 1;
      });
    return { ids, mask, labels: Int32Array.of(label) };
  });
}

function batchesOf(examples: Batch[], size: number, shuffleSeed?: number): Batch[] {
  const order = Array.from({ length: examples.length }, (_, i) => i);
  if (shuffleSeed !== undefined) new Rng(shuffleSeed).shuffle(order);
  const out: Batch[] = [];
  for (let start = 0; start < order.length; start += size) {
    const idx = order.slice(start, start + size);
    const ids = new Int32Array(idx.length * TIME);
    const mask = new Float32Array(idx.length * TIME);
    idx.forEach((j, k) => {
      ids.set(examples[j]!.ids, k * TIME);
      mask.set(examples[j]!.mask, k * TIME);
    });
    out.push({ ids, mask, labels: Int32Array.from(idx, (j) => examples[j]!.labels[0]!) });
  }
  return out;
}

/** Embedding -> LSTM (last valid state) -> dropout -> dense, with raw tfjs-core ops. */
class LstmClassifier {
  readonly params: Array<[string, tf.Variable]>;
  constructor(vocabSize: number, rng: Rng) {
    const glorot = (shape: [number, number]) =>
      tf
        .randomUniform(shape, -1, 1, 'float32', rng.seed())
        .mul(Math.sqrt(6 / (shape[0] + shape[1])));
    this.params = tf.tidy(() => [
      [
        'embedding/table',
        tf.variable(tf.randomNormal([vocabSize, EMB], 0, 0.1, 'float32', rng.seed())),
      ],
      ['lstm/input_kernel', tf.variable(glorot([EMB, 4 * HIDDEN]))],
      ['lstm/recurrent_kernel', tf.variable(glorot([HIDDEN, 4 * HIDDEN]))],
      // Forget-gate bias 1 (gates ordered i, f, g, o).
      [
        'lstm/bias',
        tf.variable(tf.concat([tf.zeros([HIDDEN]), tf.ones([HIDDEN]), tf.zeros([2 * HIDDEN])])),
      ],
      ['dense/kernel', tf.variable(glorot([HIDDEN, 2]))],
      ['dense/bias', tf.variable(tf.zeros([2]))],
    ]);
  }
  namedParameters() {
    return this.params;
  }
  forward(batch: Batch, ctx: StepContext): tf.Tensor {
    const [table, wx, wh, b, wd, bd] = this.params.map(([, v]) => v) as tf.Variable[];
    const n = batch.labels.length;
    const x = tf.gather(table!, tf.tensor2d(batch.ids, [n, TIME], 'int32')); // [batch, time, emb]
    const xs = tf.unstack(x, 1); // time x [batch, emb]
    const ms = tf.unstack(tf.tensor3d(batch.mask, [n, TIME, 1]), 1); // time x [batch, 1]
    let h: tf.Tensor = tf.zeros([n, HIDDEN]); // [batch, hidden]
    let c: tf.Tensor = tf.zeros([n, HIDDEN]);
    for (let t = 0; t < TIME; t++) {
      const gates = tf.add(tf.add(tf.matMul(xs[t]!, wx!), tf.matMul(h, wh!)), b!); // [batch, 4 hidden]
      const [i, f, g, o] = tf.split(gates, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const cNew = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      const hNew = tf.mul(tf.sigmoid(o), tf.tanh(cNew));
      const m = ms[t]!; // padded steps keep the previous state
      c = tf.add(tf.mul(m, cNew), tf.mul(tf.sub(1, m), c));
      h = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h));
    }
    if (ctx.training) h = tf.dropout(h, 0.2, undefined, ctx.seed);
    return tf.add(tf.matMul(h, wd!), bd!); // [batch, 2]
  }
}

let root: string;
beforeAll(async () => {
  await initWasm();
  root = mkdtempSync(join(tmpdir(), 'tfnlp-imdb-'));
  writeImdbFixture(root, { train: 160, test: 80 }, 2026);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('end to end: LSTM sentiment classifier on an IMDB-format fixture', () => {
  it('trains to well above chance with no tensor leak per step', async () => {
    const train = readImdb(root, 'train');
    const test = readImdb(root, 'test');
    expect(train).toHaveLength(320);
    const vocab = new Map<string, number>();
    for (const { text } of train) {
      for (const w of tokenize(text)) if (!vocab.has(w)) vocab.set(w, vocab.size + 2);
    }
    const trainExamples = encode(train, vocab);
    const testBatches = batchesOf(encode(test, vocab), 80);

    const seed = 17;
    const rng = new Rng(seed);
    const model = new LstmClassifier(vocab.size + 2, rng);
    const epochs = 6;
    const stepsPerEpoch = 10; // 320 / 32
    const trainer = new Trainer({
      model,
      forward: (m: LstmClassifier, batch: Batch, ctx) => m.forward(batch, ctx),
      optimizer: new AdamW({ lr: 0.02, weightDecay: 0.01 }),
      schedule: new CosineWarmupDecay({
        lr: 0.02,
        warmupSteps: 5,
        totalSteps: epochs * stepsPerEpoch,
        minLr: 0.002,
      }),
      maxGradNorm: 1,
      seed,
      stepsPerEpoch,
      metrics: () => [new Accuracy(), new ConfusionMatrix(2, ['neg', 'pos'])],
    });
    const tensors: number[] = [];
    const losses: number[] = [];
    trainer.on('step', (e) => {
      tensors.push(tf.memory().numTensors);
      losses.push(e.batchLoss);
    });
    const before = await trainer.evaluate(testBatches);
    // An async generator per epoch, shuffled by the epoch seed, as @tfnlp/datasets gives them.
    async function* trainBatches({ seed: s }: EpochContext) {
      yield* batchesOf(trainExamples, 32, s);
    }
    const result = await trainer.fit(trainBatches, { epochs, validation: testBatches });
    expect(result.step).toBe(epochs * stepsPerEpoch);
    const last = result.history.at(-1)!;
    expect(before.accuracy).toBeLessThan(0.7);
    expect(last.val_accuracy).toBeGreaterThan(0.85); // chance: 0.5
    expect(last.val_macro_f1).toBeGreaterThan(0.85);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-10))).toBeLessThan(0.6 * mean(losses.slice(0, 10)));
    // No tensor leak: the same number of tensors after every step.
    expect(new Set(tensors).size).toBe(1);
    const cm = new ConfusionMatrix(2, ['neg', 'pos']);
    await trainer.evaluate(testBatches, { metrics: [cm] });
    expect(cm.reportTable()).toMatch(/^class\s+precision\s+recall\s+f1\s+support/);
    expect(cm.report().support).toBe(160);
    tf.dispose(model.params.map(([, v]) => v));
  });
});
