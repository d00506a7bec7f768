// Pack-test page scenario, bundled by Vite from the installed tarballs and opened in Chromium:
// initWasm with the .wasm URLs from Vite's `?url` imports, a few Trainer steps on a tiny
// @tfnlp/layers RNNClassifier (Embedding -> GRU -> mean pool -> Dense), one prediction, a
// saveModel / loadModel round trip, and wasmInfo(). The result goes to window.__tfnlpResult
// and to #result.

import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, wasmInfo } from '@tfnlp/backend-wasm';
import { loadModel, RNNClassifier, saveModel } from '@tfnlp/layers';
import { AdamW, memoryStorage, Trainer } from '@tfnlp/train';

const VOCAB = 12;
const DIM = 8;
const TIME = 3;

// ?threads=off: keep tfjs on the single-threaded SIMD build even in an isolated page.
const threadsOff = new URLSearchParams(location.search).get('threads') === 'off';
let multithread;

async function main() {
  if (threadsOff) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  await initWasm({
    wasmPaths: {
      'tfjs-backend-wasm.wasm': plain,
      'tfjs-backend-wasm-simd.wasm': simd,
      'tfjs-backend-wasm-threaded-simd.wasm': threaded,
    },
  });
  const model = new RNNClassifier({
    vocabSize: VOCAB,
    embeddingDim: DIM,
    hiddenSize: DIM,
    numClasses: 2,
    cell: 'gru',
    pooling: 'mean',
    seed: 1,
  });
  /** logits [batch, 2] */
  const forward = (m, batch) =>
    m.forward(tf.tensor2d(batch.ids, [batch.labels.length, TIME], 'int32'));
  // Ids 1..5 mean class 1, ids 6..11 class 0.
  const batch = {
    ids: Int32Array.from([1, 2, 3, 6, 7, 8, 4, 5, 1, 9, 10, 11]),
    labels: Int32Array.from([1, 0, 1, 0]),
  };
  const storage = memoryStorage();
  const trainer = new Trainer({
    model,
    forward,
    optimizer: new AdamW({ lr: 0.1 }),
    checkpoint: { storage, everyEpoch: true },
  });
  const { history } = await trainer.fit([batch], { epochs: 20 });
  const { predictions, logits } = await trainer.predict([batch]);
  // The model rebuilt from its saved bytes predicts the same.
  const loaded = loadModel(saveModel(model).weights);
  loaded.eval();
  const reloaded = await new Trainer({
    model: loaded,
    forward,
    optimizer: new AdamW({ lr: 0.1 }),
  }).predict([batch]);
  return {
    ok: true,
    crossOriginIsolated: self.crossOriginIsolated,
    multithread,
    info: await wasmInfo(),
    lossFirst: history[0].loss,
    lossLast: history.at(-1).loss,
    predictions: Array.from(predictions),
    reloadedPredictions: Array.from(reloaded.predictions),
    model: model.getConfig().type,
    logits: Array.from(logits),
    checkpoints: [...storage.files.keys()].sort(),
    numTensors: tf.memory().numTensors,
  };
}

main()
  .catch((error) => ({
    ok: false,
    error: String(error?.stack ?? error),
    crossOriginIsolated: self.crossOriginIsolated,
    multithread,
  }))
  .then((result) => {
    window.__tfnlpResult = result;
    document.getElementById('result').textContent = JSON.stringify(result, null, 2);
  });
