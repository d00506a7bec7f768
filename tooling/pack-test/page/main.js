// Pack-test page scenario, bundled by Vite from the installed tarballs and opened in Chromium:
// initWasm with the .wasm URLs from Vite's `?url` imports, a few Trainer steps on a tiny
// Embedding -> mean -> Dense model (raw tf ops), one prediction, and wasmInfo(). The result
// goes to window.__tfnlpResult and to #result.

import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, wasmInfo } from '@tfnlp/backend-wasm';
import { AdamW, memoryStorage, Trainer } from '@tfnlp/train';

const VOCAB = 12;
const DIM = 4;
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
  const params = new Map([
    ['embed/table', tf.variable(tf.randomNormal([VOCAB, DIM], 0, 0.1, 'float32', 1))],
    ['dense/kernel', tf.variable(tf.randomNormal([DIM, 2], 0, 0.3, 'float32', 2))],
    ['dense/bias', tf.variable(tf.zeros([2]))],
  ]);
  const model = { namedParameters: () => params };
  /** logits [batch, 2] */
  const forward = (_model, batch) => {
    const ids = tf.tensor2d(batch.ids, [batch.labels.length, TIME], 'int32');
    const pooled = tf.mean(tf.gather(params.get('embed/table'), ids), 1);
    return tf.add(tf.matMul(pooled, params.get('dense/kernel')), params.get('dense/bias'));
  };
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
  return {
    ok: true,
    crossOriginIsolated: self.crossOriginIsolated,
    multithread,
    info: await wasmInfo(),
    lossFirst: history[0].loss,
    lossLast: history.at(-1).loss,
    predictions: Array.from(predictions),
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
