import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/random.js';
import { beamSearch, greedyDecode } from './decoding.js';
import { sequenceCrossEntropy } from './losses.js';
import { TransformerSeq2Seq } from './transformer_seq2seq.js';

beforeAll(() => initWasm());

// Vocabulary: 0 = PAD, 1 = BOS, 2 = EOS, 3..12 = digits 0..9.
const PAD = 0;
const BOS = 1;
const EOS = 2;
const MIN_LEN = 3;
const MAX_LEN = 6;

interface Batch {
  src: tf.Tensor2D;
  srcMask: tf.Tensor2D;
  tgtIn: tf.Tensor2D;
  tgtOut: tf.Tensor2D;
  tgtMask: tf.Tensor2D;
  strings: number[][];
}

function makeBatch(rng: Rng, size: number): Batch {
  const strings = Array.from({ length: size }, () => {
    const n = MIN_LEN + Math.floor(rng.next() * (MAX_LEN - MIN_LEN + 1));
    return Array.from({ length: n }, () => 3 + Math.floor(rng.next() * 10));
  });
  const pad = (row: number[], len: number) => [...row, ...new Array(len - row.length).fill(PAD)];
  const src = strings.map((s) => pad(s, MAX_LEN));
  const rev = strings.map((s) => [...s].reverse());
  const tgtIn = rev.map((r) => pad([BOS, ...r], MAX_LEN + 1));
  const tgtOut = rev.map((r) => pad([...r, EOS], MAX_LEN + 1));
  const mask = (rows: number[][], lens: number[]) =>
    rows.map((r, i) => r.map((_, t) => (t < lens[i]! ? 1 : 0)));
  const lens = strings.map((s) => s.length);
  return {
    src: tf.tensor2d(src, undefined, 'int32'),
    srcMask: tf.tensor2d(mask(src, lens)),
    tgtIn: tf.tensor2d(tgtIn, undefined, 'int32'),
    tgtOut: tf.tensor2d(tgtOut, undefined, 'int32'),
    tgtMask: tf.tensor2d(
      mask(
        tgtOut,
        lens.map((l) => l + 1),
      ),
    ),
    strings,
  };
}

function disposeBatch(b: Batch): void {
  tf.dispose([b.src, b.srcMask, b.tgtIn, b.tgtOut, b.tgtMask]);
}

function accuracy(decoded: { tokens: number[] }[], strings: number[][]): number {
  let ok = 0;
  decoded.forEach((h, i) => {
    if (JSON.stringify(h.tokens) === JSON.stringify([...strings[i]!].reverse())) ok++;
  });
  return ok / strings.length;
}

describe('TransformerSeq2Seq learns to reverse digit strings', () => {
  it('reaches >= 99% sequence accuracy with greedy and beam search', () => {
    const model = new TransformerSeq2Seq({
      srcVocabSize: 13,
      tgtVocabSize: 13,
      maxLen: MAX_LEN + 2,
      dModel: 32,
      numHeads: 2,
      numEncoderLayers: 1,
      numDecoderLayers: 1,
      dimFeedforward: 64,
      dropout: 0,
      normFirst: true,
      seed: 7,
    });
    const rng = new Rng(2024);
    const opt = tf.train.adam(Number(process.env.REVERSE_LR ?? 5e-3));
    const t0 = Date.now();
    let step = 0;
    let loss = Number.POSITIVE_INFINITY;
    const maxSteps = Number(process.env.REVERSE_STEPS ?? 1200);
    const recent: number[] = [];
    for (; step < maxSteps; step++) {
      const b = makeBatch(rng, 64);
      const l = opt.minimize(
        () =>
          sequenceCrossEntropy(
            model.forward(b.src, b.tgtIn, { srcMask: b.srcMask, tgtMask: b.tgtMask }),
            b.tgtOut,
            b.tgtMask,
          ),
        true,
        model.trainableParameters(),
      )!;
      loss = l.dataSync()[0]!;
      l.dispose();
      disposeBatch(b);
      if (step % 50 === 0 && process.env.REVERSE_LOG)
        console.log(step, loss.toFixed(4), Date.now() - t0, 'ms');
      recent.push(loss);
      if (recent.length > 25) recent.shift();
      // Stop once the loss has stayed tiny for 25 consecutive batches.
      if (recent.length === 25 && Math.max(...recent) < 0.003) break;
    }
    const trainMs = Date.now() - t0;
    model.eval();
    const test = makeBatch(new Rng(99), 500);
    const greedy = greedyDecode(model, test.src, test.srcMask, {
      bosId: BOS,
      eosId: EOS,
      maxLen: MAX_LEN + 1,
    });
    const greedyAcc = accuracy(greedy, test.strings);
    const few = makeBatch(new Rng(100), 100);
    const beam = beamSearch(model, few.src, few.srcMask, {
      bosId: BOS,
      eosId: EOS,
      maxLen: MAX_LEN + 1,
      beamSize: 3,
    });
    const beamAcc = accuracy(beam, few.strings);
    console.log(
      `reverse task: ${step} steps, final loss ${loss.toFixed(4)}, ${trainMs} ms; greedy ${greedyAcc}, beam ${beamAcc}`,
    );
    expect(greedyAcc).toBeGreaterThanOrEqual(0.99);
    expect(beamAcc).toBeGreaterThanOrEqual(0.99);
    disposeBatch(test);
    disposeBatch(few);
    opt.dispose();
    model.dispose();
  });
});

describe('decoding', () => {
  it('beam search with beamSize 1 equals greedy; wider beams never score worse', () => {
    const model = new TransformerSeq2Seq({
      srcVocabSize: 13,
      tgtVocabSize: 13,
      maxLen: 10,
      dModel: 16,
      numHeads: 2,
      numEncoderLayers: 1,
      numDecoderLayers: 1,
      dimFeedforward: 32,
      dropout: 0,
      seed: 3,
    }).eval();
    const b = makeBatch(new Rng(5), 6);
    const opts = { bosId: BOS, eosId: EOS, maxLen: 5 };
    const before = tf.memory().numTensors;
    const greedy = greedyDecode(model, b.src, b.srcMask, opts);
    const beam1 = beamSearch(model, b.src, b.srcMask, { ...opts, beamSize: 1 });
    const beam4 = beamSearch(model, b.src, b.srcMask, { ...opts, beamSize: 4 });
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 6; i++) {
      expect(beam1[i]!.tokens).toEqual(greedy[i]!.tokens);
      expect(beam1[i]!.logProb).toBeCloseTo(greedy[i]!.logProb, 4);
      // Compare like with like: a finished beam-4 hypothesis vs greedy's (finished or not).
      if (beam4[i]!.finished && greedy[i]!.finished)
        expect(beam4[i]!.logProb).toBeGreaterThanOrEqual(greedy[i]!.logProb - 1e-5);
    }
    disposeBatch(b);
    model.dispose();
  });

  it('sequenceCrossEntropy ignores padded targets', () => {
    tf.tidy(() => {
      const logits = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const a = sequenceCrossEntropy(
        logits,
        tf.tensor2d([[1, 2, 3]], undefined, 'int32'),
        tf.tensor2d([[1, 1, 0]]),
      );
      const b = sequenceCrossEntropy(
        logits,
        tf.tensor2d([[1, 2, 0]], undefined, 'int32'),
        tf.tensor2d([[1, 1, 0]]),
      );
      const c = sequenceCrossEntropy(
        tf.slice(logits, [0, 0, 0], [1, 2, 4]) as tf.Tensor3D,
        tf.tensor2d([[1, 2]], undefined, 'int32'),
      );
      expect(a.dataSync()[0]).toBeCloseTo(b.dataSync()[0]!, 6);
      expect(a.dataSync()[0]).toBeCloseTo(c.dataSync()[0]!, 6);
    });
  });
});
