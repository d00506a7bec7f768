// The digit-reversal task shared by the seq2seq tests (excluded from the build).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { expect } from 'vitest';
import type { Module } from '../core/module.js';
import { beamSearch, greedyDecode, type Seq2SeqModel } from '../seq2seq/decoding.js';
import { sequenceCrossEntropy } from '../seq2seq/losses.js';

// Vocabulary: 0 = PAD, 1 = BOS, 2 = EOS, 3..12 = digits 0..9.
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const MIN_LEN = 3;
export const MAX_LEN = 6;

export interface Batch {
  src: tf.Tensor2D;
  srcMask: tf.Tensor2D;
  tgtIn: tf.Tensor2D;
  tgtOut: tf.Tensor2D;
  tgtMask: tf.Tensor2D;
  strings: number[][];
}

export function makeBatch(rng: Rng, size: number): Batch {
  const strings = Array.from({ length: size }, () => {
    const n = MIN_LEN + Math.floor(rng.random() * (MAX_LEN - MIN_LEN + 1));
    return Array.from({ length: n }, () => 3 + Math.floor(rng.random() * 10));
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

export function disposeBatch(b: Batch): void {
  tf.dispose([b.src, b.srcMask, b.tgtIn, b.tgtOut, b.tgtMask]);
}

export function accuracy(decoded: { tokens: number[] }[], strings: number[][]): number {
  let ok = 0;
  decoded.forEach((h, i) => {
    if (JSON.stringify(h.tokens) === JSON.stringify([...strings[i]!].reverse())) ok++;
  });
  return ok / strings.length;
}

export type TrainableSeq2Seq = Seq2SeqModel &
  Module & {
    forward(
      src: tf.Tensor2D,
      tgtIn: tf.Tensor2D,
      masks: { srcMask?: tf.Tensor; tgtMask?: tf.Tensor },
    ): tf.Tensor3D;
  };

/**
 * Trains `model` on random digit strings (lengths 3-6) until the loss stays below 0.003 for
 * 25 batches (at most 1200 steps), then asserts >= 99 % exact reversals with greedy search
 * (500 strings) and beam search (100 strings). REVERSE_LOG=1 prints progress.
 */
export function trainAndCheckReversal(name: string, model: TrainableSeq2Seq, lr: number): void {
  const rng = new Rng(2024);
  const opt = tf.train.adam(lr);
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
    maxLength: MAX_LEN + 1,
  });
  const greedyAcc = accuracy(greedy, test.strings);
  const few = makeBatch(new Rng(100), 100);
  const beam = beamSearch(model, few.src, few.srcMask, {
    bosId: BOS,
    eosId: EOS,
    maxLength: MAX_LEN + 1,
    beamSize: 3,
  });
  const beamAcc = accuracy(beam, few.strings);
  console.log(
    `${name} reverse task: ${step} steps, final loss ${loss.toFixed(4)}, ${trainMs} ms; greedy ${greedyAcc}, beam ${beamAcc}`,
  );
  expect(greedyAcc).toBeGreaterThanOrEqual(0.99);
  expect(beamAcc).toBeGreaterThanOrEqual(0.99);
  disposeBatch(test);
  disposeBatch(few);
  opt.dispose();
  model.dispose();
}
