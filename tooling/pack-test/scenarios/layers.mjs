// Pack-test scenario: @tfnlp/layers installed from its tarball with npm, in plain Node ESM, on
// @tfnlp/backend-wasm. A TransformerClassifier round-trips through safetensors (saveWeights /
// loadWeights into a differently seeded copy) with identical logits, and a GRU-attention
// seq2seq model takes a few training steps (the loss falls) and decodes greedily and with
// beam search. Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import {
  beamSearch,
  GRUAttentionSeq2Seq,
  greedyDecode,
  lengthsToMask,
  loadWeights,
  saveWeights,
  sequenceCrossEntropy,
  TransformerClassifier,
} from '@tfnlp/layers';

await initWasm();

// Transformer classifier: safetensors round trip.
const options = {
  vocabSize: 30,
  maxLength: 8,
  dModel: 16,
  numHeads: 2,
  numLayers: 1,
  numClasses: 3,
};
const a = new TransformerClassifier({ ...options, seed: 1 }).eval();
const b = new TransformerClassifier({ ...options, seed: 2 }).eval();
const ids = tf.tensor2d(
  [
    [4, 9, 2, 7, 0, 0],
    [3, 3, 8, 0, 0, 0],
  ],
  undefined,
  'int32',
);
const mask = lengthsToMask([4, 3], 6);
const logitsA = a.forward(ids, mask);
assert.deepEqual(logitsA.shape, [2, 3]);
loadWeights(b, saveWeights(a));
const logitsB = b.forward(ids, mask);
assert.deepEqual(Array.from(logitsB.dataSync()), Array.from(logitsA.dataSync()));

// GRU attention seq2seq: a few Adam steps on one batch of "reverse the digits".
const BOS = 1;
const EOS = 2;
const model = new GRUAttentionSeq2Seq({
  srcVocabSize: 13,
  tgtVocabSize: 13,
  embeddingDim: 8,
  hiddenSize: 16,
  seed: 3,
});
const src = tf.tensor2d(
  [
    [3, 4, 5],
    [6, 7, 8],
  ],
  undefined,
  'int32',
);
const tgtIn = tf.tensor2d(
  [
    [BOS, 5, 4, 3],
    [BOS, 8, 7, 6],
  ],
  undefined,
  'int32',
);
const tgtOut = tf.tensor2d(
  [
    [5, 4, 3, EOS],
    [8, 7, 6, EOS],
  ],
  undefined,
  'int32',
);
const opt = tf.train.adam(0.02);
/** @type {number[]} */
const losses = [];
for (let step = 0; step < 30; step++) {
  const loss = opt.minimize(
    () => sequenceCrossEntropy(model.forward(src, tgtIn, {}), tgtOut),
    true,
    model.trainableParameters(),
  );
  assert.ok(loss, 'minimize(f, true) returned no loss');
  losses.push(loss.dataSync()[0] ?? Number.NaN);
  loss.dispose();
}
assert.ok(
  (losses.at(-1) ?? Number.NaN) < (losses[0] ?? Number.NaN) / 2,
  `seq2seq loss ${losses[0]} -> ${losses.at(-1)}`,
);
model.eval();
const greedy = greedyDecode(model, src, undefined, { bosId: BOS, eosId: EOS, maxLength: 5 });
const beam = beamSearch(model, src, undefined, {
  bosId: BOS,
  eosId: EOS,
  maxLength: 5,
  beamSize: 2,
});
assert.equal(greedy.length, 2);
assert.equal(beam.length, 2);
assert.deepEqual(
  greedy.map((h) => h.tokens),
  [
    [5, 4, 3],
    [8, 7, 6],
  ],
);

console.log(
  JSON.stringify({
    ok: true,
    backend: tf.getBackend(),
    classifierParameters: a.numParameters(),
    seq2seqLoss: [losses[0], losses.at(-1)],
    greedy: greedy.map((h) => h.tokens),
    beam: beam.map((h) => h.tokens),
  }),
);
