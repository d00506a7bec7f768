// tfjs-layers (Keras API) on the stock cpu or wasm backend: Embedding -> LSTM -> Dense.
//   node runners/tfjs-layers.mjs <config> <cpu|wasm> <steps>
// tfjs-layers builds its LSTM from chained ops, so it needs the umbrella @tensorflow/tfjs.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { configs, makeBatch } from '../configs.mjs';
import { measure } from './measure.mjs';

const [name, backend, stepsArg] = /** @type {[string, string, string]} */ (process.argv.slice(2));
const config = /** @type {import('../configs.mjs').LstmConfig} */ (configs[name]);
await tf.setBackend(backend);
const { vocab, embed, hidden, time, batch, classes, bidirectional } = config;
const lstm = tf.layers.lstm({ units: hidden, recurrentActivation: 'sigmoid' });
const model = tf.sequential({
  layers: [
    tf.layers.embedding({ inputDim: vocab, outputDim: embed, inputLength: time }),
    bidirectional ? tf.layers.bidirectional({ layer: lstm }) : lstm,
    tf.layers.dense({ units: classes }),
  ],
});
model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy });
const { ids, labels } = makeBatch(config);
const x = tf.tensor2d(ids, [batch, time], 'int32');
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
await measure({
  batch,
  steps: Number(stepsArg),
  train: async () => {
    await model.trainOnBatch(x, y);
  },
  infer: () => tf.tidy(() => void (/** @type {tf.Tensor} */ (model.predict(x)).dataSync())),
  tensors: () => tf.memory().numTensors,
});
