#!/usr/bin/env node
// A training run in a plain Node process on the BUILT package (dist/), for the kill-and-resume
// test (src/resume.test.ts). Trains a small embedding -> masked mean -> dropout -> dense
// classifier with AdamW, a cosine schedule, clipping, accumulation and a checkpoint every update.
//
//   node scripts/resume_child.mjs --dir D --out weights.json                  # uninterrupted
//   node scripts/resume_child.mjs --dir D --kill-after 7                      # SIGKILLs itself
//   node scripts/resume_child.mjs --dir D --resume --out weights.json         # continues
//
// --out gets {"step": N, "weights": {name: base64 of the float32 bytes}}.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { AdamW, CosineWarmupDecay, Trainer } from '../dist/index.js';
import { fileStorage } from '../dist/node.js';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    out: { type: 'string' },
    'kill-after': { type: 'string' },
    resume: { type: 'boolean', default: false },
  },
});
if (args.dir === undefined) throw new Error('resume_child: pass --dir <checkpoint folder>.');
const dir = args.dir;

const VOCAB = 30;
const DIM = 8;
const TIME = 10;
const N = 96;
const BATCH = 12;
const EPOCHS = 3;
const SEED = 42;

await initWasm();

// Data: label 1 when tokens < 15 outnumber the others. Fixed; shuffled per epoch by its seed.
const dataRng = new Rng(2024);
const examples = Array.from({ length: N }, () => {
  const length = 3 + dataRng.int(TIME - 2);
  const ids = new Int32Array(TIME);
  let score = 0;
  for (let t = 0; t < length; t++) {
    ids[t] = 1 + dataRng.int(VOCAB - 1);
    score += /** @type {number} */ (ids[t]) < 15 ? 1 : -1;
  }
  return { ids, length, label: score > 0 ? 1 : 0 };
});

/** @typedef {{ ids: Int32Array, mask: Float32Array, labels: Int32Array }} Batch */

/**
 * The batches of one epoch, in the order its seed shuffles to.
 * @param {{ seed: number }} epoch
 * @returns {Batch[]}
 */
function epochBatches({ seed }) {
  const order = new Rng(seed).shuffle(Array.from({ length: N }, (_, i) => i));
  /** @type {Batch[]} */
  const batches = [];
  for (let start = 0; start < N; start += BATCH) {
    const idx = order.slice(start, start + BATCH);
    const ids = new Int32Array(idx.length * TIME);
    const mask = new Float32Array(idx.length * TIME);
    const picked = idx.map((j) => /** @type {(typeof examples)[number]} */ (examples[j]));
    picked.forEach((e, k) => {
      ids.set(e.ids, k * TIME);
      mask.fill(1, k * TIME, k * TIME + e.length);
    });
    batches.push({ ids, mask, labels: Int32Array.from(picked, (e) => e.label) });
  }
  return batches;
}

// Initialisation from the one seed.
const init = new Rng(SEED);
const emb = tf.variable(tf.randomNormal([VOCAB, DIM], 0, 0.3, 'float32', init.seed()));
const kernel = tf.variable(tf.randomNormal([DIM, 2], 0, 0.3, 'float32', init.seed()));
const bias = tf.variable(tf.zeros([2]));
/** @type {Array<[string, tf.Variable]>} */
const params = [
  ['embedding', emb],
  ['dense/kernel', kernel],
  ['dense/bias', bias],
];
const model = { namedParameters: () => params };

/** @type {import('../dist/index.js').ForwardFn<typeof model, Batch>} */
function forward(_model, batch, ctx) {
  const b = batch.labels.length;
  const x = tf.gather(emb, tf.tensor2d(batch.ids, [b, TIME], 'int32')); // [batch, time, dim]
  const mask = tf.tensor3d(batch.mask, [b, TIME, 1]);
  let pooled = tf.div(tf.sum(tf.mul(x, mask), 1), tf.maximum(tf.sum(mask, 1), 1)); // [batch, dim]
  if (ctx.training) pooled = tf.dropout(pooled, 0.2, undefined, ctx.seed);
  return tf.add(tf.matMul(pooled, kernel), bias); // [batch, 2]
}

const killAfter = args['kill-after'] === undefined ? undefined : Number(args['kill-after']);
const trainer = new Trainer({
  model,
  forward,
  optimizer: new AdamW({ lr: 0.05, weightDecay: 0.05 }),
  schedule: new CosineWarmupDecay({ lr: 0.05, warmupSteps: 3, totalSteps: 12 }),
  maxGradNorm: 1,
  accumulationSteps: 2,
  seed: SEED,
  checkpoint: { storage: fileStorage(dir), everySteps: 1, keep: 2 },
  callbacks: [
    {
      onCheckpoint(event) {
        if (event.step === killAfter) process.kill(process.pid, 'SIGKILL');
      },
    },
  ],
});

const result = await trainer.fit(epochBatches, { epochs: EPOCHS, resume: args.resume });
if (args.out) {
  const weights = Object.fromEntries(
    params.map(([name, v]) => [name, Buffer.from(v.dataSync().buffer).toString('base64')]),
  );
  writeFileSync(args.out, JSON.stringify({ step: result.step, history: result.history, weights }));
}
