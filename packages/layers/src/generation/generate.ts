/**
 * Autoregressive generation from a causal LM, streamed token by token as an async iterator.
 * With the KV cache (default) the prompt runs once and each new token costs one position;
 * `useCache: false` recomputes the whole prefix every step (the reference the cache must equal).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import type { KVCache } from '../lm/kv_cache.js';
import { checkSamplingOptions, chooseNextToken, type SamplingOptions } from './sampling.js';

/** What `generate` needs from a model: `CausalLM` has it. */
export interface GenerativeLM {
  /** ids int32 [batch, time] -> logits [batch, time, vocab]. */
  forward(ids: tf.Tensor2D): tf.Tensor3D;
  /** New positions [batch, newTime] after the cached ones -> their logits; appends to the cache. */
  forwardCached(ids: tf.Tensor2D, cache: KVCache): tf.Tensor3D;
  /** An empty cache. */
  newCache(): KVCache;
  /** Construction options; `maxLength` bounds prompt + generated tokens. */
  readonly options: { maxLength: number };
}

/** Options of `generate`. */
export interface GenerateOptions extends SamplingOptions {
  /** Most tokens to generate (fewer when a stop id comes or the context is full). */
  maxNewTokens: number;
  /** Token ids that end the generation; the stop token is yielded (Hugging Face's eos behaviour). */
  stopIds?: Iterable<number>;
  /** Seed of the sampling stream (default 0); unused when greedy. */
  seed?: number;
  /** Reuse keys/values of earlier positions (default true). */
  useCache?: boolean;
}

/** The last position's logits of [1, T, vocab] as a Float32Array. */
async function lastLogits(logits: tf.Tensor3D): Promise<Float32Array> {
  const [, T, V] = logits.shape;
  const last = tf.slice(logits, [0, T - 1, 0], [1, 1, V]);
  logits.dispose();
  try {
    return (await last.data()) as Float32Array;
  } finally {
    last.dispose();
  }
}

/**
 * Generates up to `maxNewTokens` tokens after `promptIds` (one sequence), yielding each as soon
 * as it is chosen. Greedy when `temperature` is 0, else seeded sampling with top-k / top-p and
 * the repetition penalty. Stops after a stop id, or when prompt + output reach `maxLength`.
 * Breaking out of the loop frees the cache. Call `model.eval()` first to turn dropout off.
 */
export async function* generate(
  model: GenerativeLM,
  promptIds: ArrayLike<number>,
  options: GenerateOptions,
): AsyncGenerator<number, void, undefined> {
  checkSamplingOptions(options);
  const { maxNewTokens } = options;
  if (!(Number.isInteger(maxNewTokens) && maxNewTokens >= 0)) {
    throw new Error(`generate: maxNewTokens must be a non-negative integer, got ${maxNewTokens}.`);
  }
  const maxLength = model.options.maxLength;
  if (promptIds.length === 0 || promptIds.length > maxLength) {
    throw new Error(
      `generate: the prompt has ${promptIds.length} tokens; give 1 to ${maxLength} (the model's maxLength).`,
    );
  }
  const stop = new Set(options.stopIds ?? []);
  const rng = new Rng(options.seed ?? 0);
  const tokens = Array.from(promptIds);
  const useCache = options.useCache ?? true;
  const cache = useCache ? model.newCache() : null;
  try {
    let pending = tokens; // positions not yet run through the model
    for (let n = 0; n < maxNewTokens && tokens.length < maxLength; n++) {
      const input = useCache ? pending : tokens;
      const ids = tf.tensor2d(input, [1, input.length], 'int32');
      const logits = cache ? model.forwardCached(ids, cache) : model.forward(ids);
      ids.dispose();
      const next = chooseNextToken(await lastLogits(logits), tokens, options, rng);
      tokens.push(next);
      pending = [next];
      yield next;
      if (stop.has(next)) return;
    }
  } finally {
    cache?.dispose();
  }
}

/** Collects `generate`'s tokens into an array (the generated ids only, not the prompt). */
export async function generateAll(
  model: GenerativeLM,
  promptIds: ArrayLike<number>,
  options: GenerateOptions,
): Promise<number[]> {
  const out: number[] = [];
  for await (const t of generate(model, promptIds, options)) out.push(t);
  return out;
}
