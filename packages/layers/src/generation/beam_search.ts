/**
 * Beam search for a causal LM on the KV cache: the prompt runs once, the cache is copied to
 * the beams, and each step runs one position per beam, reordering the cache rows to follow
 * the surviving beams. `useCache: false` recomputes every prefix (the reference).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GenerativeLM } from './generate.js';

/** Options of `beamSearchLM`. */
export interface LMBeamSearchOptions {
  /** Most tokens to generate per hypothesis. */
  maxNewTokens: number;
  /** Beams kept each step (default 4). */
  beamSize?: number;
  /** Ids that finish a hypothesis (the stop id is part of its tokens). */
  stopIds?: Iterable<number>;
  /** Rank hypotheses by logProb / length^lengthPenalty (default 0: raw log-probability). */
  lengthPenalty?: number;
  /** Reuse keys/values of earlier positions (default true). */
  useCache?: boolean;
}

/** One generated continuation. */
export interface LMHypothesis {
  /** Generated ids (without the prompt; with the stop id when finished). */
  tokens: number[];
  /** Sum of the tokens' log-probabilities. */
  logProb: number;
  /** Whether it ended with a stop id. */
  finished: boolean;
}

/** Log-softmax of the last position of logits [K, T, V], as K rows on the host. */
function lastLogProbs(logits: tf.Tensor3D): Float32Array[] {
  const [K, T, V] = logits.shape;
  const flat = tf.tidy(() =>
    tf.logSoftmax(tf.reshape(tf.slice(logits, [0, T - 1, 0], [K, 1, V]), [K, V])),
  );
  logits.dispose();
  const data = flat.dataSync() as Float32Array;
  flat.dispose();
  return Array.from({ length: K }, (_, k) => data.subarray(k * V, (k + 1) * V));
}

/**
 * The `beamSize` best continuations of `promptIds`, best first (by logProb / length^lengthPenalty).
 * Stops when every beam has finished, after `maxNewTokens`, or when the context is full.
 */
export function beamSearchLM(
  model: GenerativeLM,
  promptIds: ArrayLike<number>,
  options: LMBeamSearchOptions,
): LMHypothesis[] {
  const K = options.beamSize ?? 4;
  if (!(Number.isInteger(K) && K >= 1)) {
    throw new Error(`beamSearchLM: beamSize must be a positive integer, got ${K}.`);
  }
  const maxLength = model.options.maxLength;
  if (promptIds.length === 0 || promptIds.length > maxLength) {
    throw new Error(
      `beamSearchLM: the prompt has ${promptIds.length} tokens; give 1 to ${maxLength} (the model's maxLength).`,
    );
  }
  const stop = new Set(options.stopIds ?? []);
  const alpha = options.lengthPenalty ?? 0;
  const rank = (h: LMHypothesis) => h.logProb / (h.tokens.length || 1) ** alpha;
  const prompt = Array.from(promptIds);
  const cache = (options.useCache ?? true) ? model.newCache() : null;
  const finished: LMHypothesis[] = [];
  let beams: LMHypothesis[] = [{ tokens: [], logProb: 0, finished: false }];
  try {
    for (let step = 0; step < options.maxNewTokens; step++) {
      if (prompt.length + step >= maxLength) break;
      let logits: tf.Tensor3D;
      if (cache) {
        // Step 0 runs the prompt once (batch 1); later steps the beams' last tokens [K, 1].
        const rows = step === 0 ? [prompt] : beams.map((b) => [b.tokens[b.tokens.length - 1]!]);
        const ids = tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');
        logits = model.forwardCached(ids, cache);
        ids.dispose();
      } else {
        const rows = beams.map((b) => [...prompt, ...b.tokens]);
        const ids = tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');
        logits = model.forward(ids);
        ids.dispose();
      }
      const logps = lastLogProbs(logits);
      // Each beam's K best extensions, then the K best overall (ties: lower beam, lower id).
      const cands: { beam: number; token: number; logProb: number }[] = [];
      logps.forEach((lp, beam) => {
        const top = Array.from(lp.keys())
          .sort((a, b) => lp[b]! - lp[a]! || a - b)
          .slice(0, K);
        for (const token of top) {
          cands.push({ beam, token, logProb: beams[beam]!.logProb + lp[token]! });
        }
      });
      cands.sort((a, b) => b.logProb - a.logProb || a.beam - b.beam || a.token - b.token);
      const next: LMHypothesis[] = [];
      const parents: number[] = [];
      for (const c of cands.slice(0, K)) {
        const h = {
          tokens: [...beams[c.beam]!.tokens, c.token],
          logProb: c.logProb,
          finished: stop.has(c.token),
        };
        if (h.finished) finished.push(h);
        else {
          next.push(h);
          parents.push(c.beam);
        }
      }
      if (next.length === 0) {
        beams = [];
        break;
      }
      cache?.select(parents); // cache row i now holds beam i's prefix
      beams = next;
    }
  } finally {
    cache?.dispose();
  }
  return [...finished, ...beams].sort((a, b) => rank(b) - rank(a)).slice(0, K);
}
