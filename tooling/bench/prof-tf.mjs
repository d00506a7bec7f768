import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { TransformerClassifier } from '@tfnlp/layers';

await initWasm();
const model = new TransformerClassifier({
  vocabSize: 20000,
  maxLen: 256,
  dModel: 128,
  numHeads: 4,
  numLayers: 2,
  dimFeedforward: 512,
  numClasses: 4,
});
const x = tf.tensor2d(
  Int32Array.from({ length: 32 * 256 }, (_, i) => 1 + ((i * 7919) % 19999)),
  [32, 256],
  'int32',
);
const y = tf.oneHot(
  tf.tensor1d(
    Int32Array.from({ length: 32 }, (_, i) => i % 4),
    'int32',
  ),
  4,
);
const opt = tf.train.adam(1e-3);
model.train();
const step = () =>
  tf.dispose(opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x)), true));
step();
const prof = await tf.profile(step);
const agg = new Map();
for (const k of prof.kernels) {
  const a = agg.get(k.name) ?? { ms: 0, n: 0 };
  a.ms += k.kernelTimeMs;
  a.n++;
  agg.set(k.name, a);
}
const rows = [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18);
const total = [...agg.values()].reduce((s, a) => s + a.ms, 0);
console.log(
  'total kernel ms',
  total.toFixed(0),
  'kernels',
  prof.kernels.length,
  'peakBytes',
  (prof.peakBytes / 1e6).toFixed(0),
  'MB',
);
for (const [n, a] of rows)
  console.log(n.padEnd(22), a.ms.toFixed(1).padStart(8), String(a.n).padStart(5));
const t0 = performance.now();
step();
console.log('step wall ms', (performance.now() - t0).toFixed(0));
