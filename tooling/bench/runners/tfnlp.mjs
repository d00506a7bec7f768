// tfnlp on wasm, the real library: @tfnlp/layers' RNNClassifier (last state) or
// TransformerClassifier (masked mean), @tfnlp/train's softmax cross-entropy, Adam.
//   node runners/tfnlp.mjs <config> <ours|ours-plain-norm|stock> <steps>
// `ours`: @tfnlp/backend-wasm's kernels (fused LSTM, SIMD GEMM, row Gather...). `stock`: the
// stock tfjs-backend-wasm kernels swapped back in and the fused kernels removed, so the layers
// take their plain-op paths — only UnsortedSegmentSum stays, without which no Embedding trains
// on wasm at all. `ours-plain-norm`: ours without the fused LayerNorm / GELU / cross-entropy
// kernels (their layers' plain-op paths), the before/after of those kernels.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, useStockKernels } from '@tfnlp/backend-wasm';
import { softmaxCrossEntropy } from '@tfnlp/train';
import { configs, makeBatch, POINTWISE_KERNELS } from '../configs.mjs';
import { buildModel } from '../models.mjs';
import { measure } from './measure.mjs';

const [name, variant, stepsArg] = /** @type {[string, string, string]} */ (process.argv.slice(2));
const config = /** @type {import('../configs.mjs').BenchConfig} */ (configs[name]);
await initWasm();
if (variant === 'stock') {
  useStockKernels();
  // And none of the fused kernels: the layers then take their plain-op paths.
  for (const name of [
    'TfnlpLstmSequence',
    'TfnlpGruSequence',
    'TfnlpAttention',
    'TfnlpDropoutMask',
    ...POINTWISE_KERNELS,
  ]) {
    tf.unregisterKernel(name, 'wasm');
  }
}
if (variant === 'ours-plain-norm') {
  for (const name of POINTWISE_KERNELS) tf.unregisterKernel(name, 'wasm');
}
const model = buildModel(config);
const { ids, labels } = makeBatch(config);
const x = tf.tensor2d(ids, [config.batch, config.time], 'int32');
const optimizer = tf.train.adam(1e-3);
model.train();
await measure({
  batch: config.batch,
  steps: Number(stepsArg),
  train: () =>
    tf.dispose(
      /** @type {tf.Scalar} */ (
        optimizer.minimize(() => softmaxCrossEntropy(model.forward(x), labels), true)
      ),
    ),
  infer: () => {
    model.eval();
    tf.tidy(() => void model.forward(x).dataSync());
    model.train();
  },
  tensors: () => tf.memory().numTensors,
});
