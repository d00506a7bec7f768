// Seq2seq: a GRU encoder-decoder with attention (@tfnlp/layers) learns to reverse short digit
// strings, e.g. 3 1 4 -> 4 1 3, trained with a hand-written loop that uses @tfnlp/train's
// pieces on their own: AdamW.step, clipByGlobalNorm and a cosine LR schedule. Then it decodes
// held-out strings with greedy and beam search.
//
// Shows: the seq2seq API (forward / encode / decode, greedyDecode, beamSearch,
// sequenceCrossEntropy), and @tfnlp/train's optimizer and schedule outside the Trainer (for
// models whose loss is not a per-example classification loss).
//
// Run (after `pnpm build`):
//   node examples/reverse-digits.mjs           # tiny: ~150 steps, strings of 3-4 digits, seconds
//   node examples/reverse-digits.mjs --long    # 1500 steps, strings of 3-6 digits, about a minute
//   node examples/reverse-digits.mjs --steps 400 --seed 7
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import {
  beamSearch,
  GRUAttentionSeq2Seq,
  greedyDecode,
  lengthsToMask,
  sequenceCrossEntropy,
} from '@tfnlp/layers';
import { AdamW, CosineWarmupDecay, clipByGlobalNorm } from '@tfnlp/train';

const { values: args } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    steps: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const LONG = args.long;
const STEPS = Number(args.steps ?? (LONG ? 1500 : 150));
const MIN_LEN = 3;
const MAX_LEN = LONG ? 6 : 4;
const BATCH = LONG ? 64 : 32;
const seed = Number(args.seed);

// Token ids: 0 = padding, 1 = BOS (start of the output), 2 = EOS (end), 3..12 = digits 0..9.
const PAD = 0;
const BOS = 1;
const EOS = 2;
const VOCAB = 13;
/** @param {number[]} ids token ids -> the digit string they spell */
const digits = (ids) => ids.map((id) => id - 3).join('');

await initWasm();
const rng = new Rng(seed); // seeded: same data on every run
/** @param {number} n an integer in [0, n) (53-bit floats: the strings this example always drew) */
const randInt = (n) => Math.floor(rng.random53() * n);

/**
 * A batch of random digit strings: source ids + mask, decoder input and target (reversed).
 * @param {number} size
 */
function makeBatch(size) {
  const strings = Array.from({ length: size }, () => {
    const n = MIN_LEN + randInt(MAX_LEN - MIN_LEN + 1);
    return Array.from({ length: n }, () => 3 + randInt(10));
  });
  /** @type {(row: number[], len: number) => number[]} */
  const pad = (row, len) => [...row, ...new Array(len - row.length).fill(PAD)];
  const reversed = strings.map((s) => [...s].reverse());
  const lengths = strings.map((s) => s.length);
  return {
    strings,
    src: tf.tensor2d(
      strings.map((s) => pad(s, MAX_LEN)),
      undefined,
      'int32',
    ),
    srcMask: lengthsToMask(lengths, MAX_LEN), // 1 = real digit, 0 = padding
    // Teacher forcing: the decoder reads BOS + target and predicts target + EOS.
    tgtIn: tf.tensor2d(
      reversed.map((r) => pad([BOS, ...r], MAX_LEN + 1)),
      undefined,
      'int32',
    ),
    tgtOut: tf.tensor2d(
      reversed.map((r) => pad([...r, EOS], MAX_LEN + 1)),
      undefined,
      'int32',
    ),
    tgtMask: lengthsToMask(
      lengths.map((n) => n + 1),
      MAX_LEN + 1,
    ),
  };
}
/** @param {ReturnType<typeof makeBatch>} b */
const disposeBatch = (b) => tf.dispose([b.src, b.srcMask, b.tgtIn, b.tgtOut, b.tgtMask]);

const model = new GRUAttentionSeq2Seq({
  srcVocabSize: VOCAB,
  tgtVocabSize: VOCAB,
  embeddingDim: 16,
  hiddenSize: LONG ? 64 : 32,
  seed,
});
const params = model.namedParameters(); // [name, tf.Variable][]: what AdamW.step updates
const optimizer = new AdamW({ lr: 0, weightDecay: 0 });
const schedule = new CosineWarmupDecay({
  lr: 1e-2,
  warmupSteps: Math.round(STEPS * 0.05),
  totalSteps: STEPS,
  minLr: 1e-3,
});
console.log(
  `GRU attention seq2seq, ${model.numParameters()} parameters; ${STEPS} steps of ${BATCH} strings of ${MIN_LEN}-${MAX_LEN} digits`,
);

const t0 = Date.now();
for (let step = 0; step < STEPS; step++) {
  const b = makeBatch(BATCH);
  // Loss and gradients of every parameter, then clip, then one AdamW update.
  const { value, grads } = tf.variableGrads(
    () =>
      sequenceCrossEntropy(
        model.forward(b.src, b.tgtIn, { srcMask: b.srcMask }),
        b.tgtOut,
        b.tgtMask,
      ),
    params.map(([, v]) => v),
  );
  /** @type {Map<string, tf.Tensor>} */
  const byName = new Map();
  for (const [name, v] of params) {
    const grad = grads[v.name];
    if (grad === undefined) throw new Error(`no gradient for ${name}: it does not reach the loss.`);
    byName.set(name, grad);
  }
  const clipped = clipByGlobalNorm(byName, 1.0);
  optimizer.lr = schedule.lrAt(step);
  optimizer.step(params, clipped.grads);
  if (step % 50 === 0 || step === STEPS - 1) {
    console.log(
      `step ${String(step).padStart(4)}  loss ${(value.dataSync()[0] ?? Number.NaN).toFixed(4)}  lr ${optimizer.lr.toExponential(2)}  ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  tf.dispose([value, clipped.norm, ...Object.values(grads), ...clipped.grads.values()]);
  disposeBatch(b);
}

// Held-out strings: exact-match accuracy of greedy decoding, and a few beam-search outputs.
model.eval();
const test = makeBatch(200);
const greedy = greedyDecode(model, test.src, test.srcMask, {
  bosId: BOS,
  eosId: EOS,
  maxLength: MAX_LEN + 1,
});
const exact = test.strings.filter(
  (s, i) => digits(greedy[i]?.tokens ?? []) === digits([...s].reverse()),
).length;
const few = makeBatch(3);
const beams = beamSearch(model, few.src, few.srcMask, {
  bosId: BOS,
  eosId: EOS,
  maxLength: MAX_LEN + 1,
  beamSize: 3,
});
for (const [i, h] of beams.entries()) {
  console.log(`beam search: ${digits(few.strings[i] ?? [])} -> ${digits(h.tokens)}`);
}
console.log(`greedy exact match on 200 held-out strings: ${(exact / 200).toFixed(3)}`);
disposeBatch(test);
disposeBatch(few);
