/**
 * Autoregressive decoding for any encoder-decoder that can encode a source once and score
 * a target prefix: greedy search and beam search. Token ids are plain numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkMaxLength } from '../core/options.js';

/** What `greedyDecode` and `beamSearch` need from an encoder-decoder model. */
export interface Seq2SeqModel {
  /** src int32 [B, S], srcMask [B, S] (1 = real) -> memory [B, S, d]. */
  encode(src: tf.Tensor2D, srcMask?: tf.Tensor): tf.Tensor3D;
  /** tgtIn int32 [B, T] -> logits [B, T, vocab]; position t sees tgtIn[:, :t+1] only. */
  decode(tgtIn: tf.Tensor2D, memory: tf.Tensor3D, srcMask?: tf.Tensor): tf.Tensor3D;
}

/** Options of `greedyDecode` (and the base of `BeamSearchOptions`). */
export interface DecodeOptions {
  bosId: number;
  eosId: number;
  /** Most tokens to generate (EOS included). */
  maxLength: number;
}

/** Options of `beamSearch`. */
export interface BeamSearchOptions extends DecodeOptions {
  /** Default 4. */
  beamSize?: number;
  /** Rank finished hypotheses by logProb / length^alpha (default 0: raw log-probability). */
  lengthPenalty?: number;
}

/** One decoded sequence. */
export interface Hypothesis {
  /** Generated ids, without BOS and without the final EOS. */
  tokens: number[];
  /** Sum of token log-probabilities (EOS included when finished). */
  logProb: number;
  finished: boolean;
}

/** Log-probabilities of the next token for each row: the last position of decode(). */
function nextLogProbs(
  model: Seq2SeqModel,
  prefixes: number[][],
  memory: tf.Tensor3D,
  srcMask?: tf.Tensor,
): Float32Array {
  return tf.tidy(() => {
    const T = prefixes[0]!.length;
    const tgt = tf.tensor2d(prefixes, [prefixes.length, T], 'int32');
    const logits = model.decode(tgt, memory, srcMask); // [N, T, V]
    const last = tf.squeeze(tf.slice(logits, [0, T - 1, 0], [-1, 1, -1]), [1]); // [N, V]
    return tf.logSoftmax(last).dataSync() as Float32Array;
  });
}

/**
 * Greedy decoding of a batch. Returns one hypothesis per source row. Runs the decoder on
 * the whole prefix at every step (no key/value cache): O(maxLength^2), fine for short outputs.
 */
export function greedyDecode(
  model: Seq2SeqModel,
  src: tf.Tensor2D,
  srcMask: tf.Tensor | undefined,
  opts: DecodeOptions,
): Hypothesis[] {
  checkMaxLength(opts, 'greedyDecode');
  const B = src.shape[0];
  const memory = model.encode(src, srcMask);
  try {
    const hyps: Hypothesis[] = Array.from({ length: B }, () => ({
      tokens: [],
      logProb: 0,
      finished: false,
    }));
    const prefixes = Array.from({ length: B }, () => [opts.bosId]);
    for (let step = 0; step < opts.maxLength && hyps.some((h) => !h.finished); step++) {
      const logp = nextLogProbs(model, prefixes, memory, srcMask);
      const V = logp.length / B;
      for (let b = 0; b < B; b++) {
        const h = hyps[b]!;
        let best = 0;
        for (let v = 1; v < V; v++) if (logp[b * V + v]! > logp[b * V + best]!) best = v;
        prefixes[b]!.push(best);
        if (h.finished) continue;
        h.logProb += logp[b * V + best]!;
        if (best === opts.eosId) h.finished = true;
        else h.tokens.push(best);
      }
    }
    return hyps;
  } finally {
    memory.dispose();
  }
}

/**
 * Beam search, one source row at a time (src [B, S]); returns the best hypothesis per row
 * (ranked with `lengthPenalty`). Unfinished beams compete when maxLength is reached.
 */
export function beamSearch(
  model: Seq2SeqModel,
  src: tf.Tensor2D,
  srcMask: tf.Tensor | undefined,
  opts: BeamSearchOptions,
): Hypothesis[] {
  checkMaxLength(opts, 'beamSearch');
  const K = opts.beamSize ?? 4;
  if (!(K >= 1)) throw new Error(`beamSearch: beamSize must be >= 1, got ${K}.`);
  const alpha = opts.lengthPenalty ?? 0;
  const rank = (h: Hypothesis) =>
    h.logProb / Math.max(1, h.tokens.length + (h.finished ? 1 : 0)) ** alpha;
  const results: Hypothesis[] = [];
  for (let b = 0; b < src.shape[0]; b++) {
    const row = tf.slice(src, [b, 0], [1, -1]);
    const rowMask = srcMask ? tf.slice(srcMask, [b, 0], [1, -1]) : undefined;
    const memory1 = model.encode(row, rowMask); // [1, S, d]
    try {
      let beams: Hypothesis[] = [{ tokens: [], logProb: 0, finished: false }];
      const finished: Hypothesis[] = [];
      for (let step = 0; step < opts.maxLength && beams.length > 0; step++) {
        const N = beams.length;
        const logp = tf.tidy(() => {
          const memory = tf.tile(memory1, [N, 1, 1]);
          const mask = rowMask ? tf.tile(rowMask, [N, 1]) : undefined;
          return nextLogProbs(
            model,
            beams.map((h) => [opts.bosId, ...h.tokens]),
            memory,
            mask,
          );
        });
        const V = logp.length / N;
        const candidates: { beam: number; token: number; logProb: number }[] = [];
        for (let i = 0; i < N; i++) {
          for (let v = 0; v < V; v++)
            candidates.push({ beam: i, token: v, logProb: beams[i]!.logProb + logp[i * V + v]! });
        }
        candidates.sort((x, y) => y.logProb - x.logProb);
        const next: Hypothesis[] = [];
        for (const c of candidates) {
          if (next.length >= K) break;
          const parent = beams[c.beam]!;
          if (c.token === opts.eosId)
            finished.push({ tokens: parent.tokens, logProb: c.logProb, finished: true });
          else
            next.push({ tokens: [...parent.tokens, c.token], logProb: c.logProb, finished: false });
        }
        beams = next;
        // Stop once K hypotheses are finished and no live beam can beat the best of them
        // (log-probabilities only decrease, so with alpha = 0 this is exact).
        if (finished.length >= K && alpha === 0) {
          const bestDone = Math.max(...finished.map((h) => h.logProb));
          if (beams.every((h) => h.logProb < bestDone)) break;
        }
      }
      const pool = finished.length > 0 ? finished : beams;
      results.push(pool.reduce((best, h) => (rank(h) > rank(best) ? h : best)));
    } finally {
      tf.dispose([memory1, row, rowMask]);
    }
  }
  return results;
}
