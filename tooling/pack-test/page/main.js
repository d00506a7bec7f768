// Pack-test page scenario, bundled by Vite from the installed tarballs and opened in Chromium:
// initWasm with the .wasm URLs from Vite's `?url` imports, a @tfnlp/tokenizers WordLevel
// tokenizer trained on four sentences (its file I/O imports node:fs lazily, so it bundles for
// the browser), a few Trainer steps on a tiny @tfnlp/layers RNNClassifier (Embedding -> GRU ->
// mean pool -> Dense), one prediction, a saveModel / loadModel round trip, and wasmInfo().
// The result goes to window.__tfnlpResult and to #result.

import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, wasmInfo } from '@tfnlp/backend-wasm';
import { loadModel, RNNClassifier, saveModel } from '@tfnlp/layers';
import { Tokenizer, Whitespace, WordLevel, WordLevelTrainer } from '@tfnlp/tokenizers';
import { AdamW, memoryStorage, Trainer } from '@tfnlp/train';

const DIM = 8;
const TIME = 3;
// Words of class 1 and of class 0; three per sentence.
const SENTENCES = ['good fine nice', 'bad poor dull', 'great good fine', 'awful bad poor'];

// ?threads=off: keep tfjs on the single-threaded SIMD build even in an isolated page.
const threadsOff = new URLSearchParams(location.search).get('threads') === 'off';
/** @type {Awaited<ReturnType<ReturnType<typeof tf.env>['getAsync']>> | undefined} */
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
  const tokenizer = new Tokenizer(new WordLevel({}));
  tokenizer.preTokenizer = new Whitespace();
  tokenizer.train(SENTENCES, new WordLevelTrainer({ specialTokens: ['[PAD]', '[UNK]'] }));
  const encodings = tokenizer.encodeBatch(SENTENCES);
  const model = new RNNClassifier({
    vocabSize: tokenizer.getVocabSize(),
    embeddingDim: DIM,
    hiddenSize: DIM,
    numClasses: 2,
    cell: 'gru',
    pooling: 'mean',
    seed: 1,
  });
  /**
   * logits [batch, 2]
   * @param {RNNClassifier} m
   * @param {{ ids: Int32Array, labels: Int32Array }} batch
   */
  const forward = (m, batch) =>
    m.forward(tf.tensor2d(batch.ids, [batch.labels.length, TIME], 'int32'));
  const batch = {
    ids: Int32Array.from(encodings.flatMap((e) => e.ids)), // [4, TIME] row-major
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
  if (!(loaded instanceof RNNClassifier))
    throw new Error('loadModel did not rebuild an RNNClassifier.');
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
    lossFirst: history[0]?.loss,
    lossLast: history.at(-1)?.loss,
    predictions: Array.from(predictions),
    reloadedPredictions: Array.from(reloaded.predictions),
    model: model.getConfig().type,
    tokens: encodings[0]?.tokens,
    vocabulary: tokenizer.getVocabSize(),
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
    const out = document.getElementById('result');
    if (out) out.textContent = JSON.stringify(result, null, 2);
  });
