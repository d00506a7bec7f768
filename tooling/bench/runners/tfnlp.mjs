// tfnlp on wasm: Embedding -> LSTM (last state) -> Dense, Adam, one process.
//   node runners/tfnlp.mjs <config> <ours|stock> <steps>
// `ours`: the fused LSTM kernel and our BatchMatMul. `stock`: the same model as a per-step
// op loop on stock tfjs-backend-wasm kernels (plus UnsortedSegmentSum, without which no
// Embedding trains on wasm at all).
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, lstmSequence, useStockKernels } from '@tfnlp/backend-wasm';
import { configs, makeBatch } from '../configs.mjs';
import { measure } from './measure.mjs';

const [name, variant, stepsArg] = process.argv.slice(2);
const config = configs[name];
await initWasm();
if (variant === 'stock') useStockKernels();
const { vocab, embed: E, hidden: H, time: T, batch: B, classes, bidirectional } = config;
const dirs = bidirectional ? 2 : 1;
const v = (shape, scale = 0.1) => tf.variable(tf.randomUniform(shape, -scale, scale, 'float32', 1));
const emb = v([vocab, E]);
const layers = Array.from({ length: dirs }, () => ({ wIH: v([4 * H, E]), wHH: v([4 * H, H]), b: v([4 * H]) }));
const wOut = v([dirs * H, classes]);
const bOut = v([classes]);
const { ids, labels } = makeBatch(config);
const idsT = tf.tensor2d(ids, [B, T], 'int32');
const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
const mask = tf.ones([T, B]);
const zeros = tf.zeros([B, H]);
const optimizer = tf.train.adam(1e-3);

function direction(x, p, reverse) {
  // x [T, B, E] -> last hidden state [B, H]
  const input = reverse ? tf.reverse(x, 0) : x;
  const xProj = tf.add(tf.reshape(tf.matMul(tf.reshape(input, [T * B, E]), p.wIH, false, true), [T, B, 4 * H]), p.b);
  if (variant === 'ours') {
    const { hSeq } = lstmSequence(xProj, p.wHH, zeros, zeros, mask);
    return tf.squeeze(tf.slice(hSeq, [T - 1, 0, 0], [1, B, H]), [0]);
  }
  const steps = tf.unstack(xProj);
  let h = zeros;
  let c = zeros;
  for (let t = 0; t < T; t++) {
    const g = tf.add(steps[t], tf.matMul(h, p.wHH, false, true));
    const [i, f, gg, o] = tf.split(g, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(gg)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
  }
  return h;
}

function logits() {
  const x = tf.gather(emb, tf.transpose(idsT)); // [T, B, E]
  const states = layers.map((p, d) => direction(x, p, d === 1));
  return tf.add(tf.matMul(states.length === 1 ? states[0] : tf.concat(states, 1), wOut), bOut);
}

await measure({
  batch: B,
  steps: Number(stepsArg),
  train: () => tf.dispose(optimizer.minimize(() => tf.losses.softmaxCrossEntropy(targets, logits()), true)),
  infer: () => tf.tidy(() => void logits().dataSync()),
  tensors: () => tf.memory().numTensors,
});
