/**
 * BERT's masking for masked-LM training (Devlin et al. 2019; Hugging Face's
 * `DataCollatorForLanguageModeling`): each non-special token is selected with probability
 * 15 %; a selected token becomes [MASK] 80 % of the time, a random token 10 %, and stays
 * 10 %. Labels hold the original id at selected positions and the ignore index elsewhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { IGNORE_INDEX } from './lm_loss.js';

/** Options of `maskTokens` and `MlmCollator`. */
export interface MlmMaskingOptions {
  /** Vocabulary size: random replacements are drawn from [0, vocabSize). */
  vocabSize: number;
  /** Id of the [MASK] token. */
  maskId: number;
  /** Ids never selected (padding, [CLS], [SEP], ...). */
  specialIds?: Iterable<number>;
  /** Selection probability (default 0.15). */
  probability?: number;
  /** Label of unselected positions (default -100). */
  ignoreIndex?: number;
}

/** Masked inputs and their labels, one sequence. */
export interface MaskedSequence {
  /** The ids with the selected positions replaced. */
  inputIds: Int32Array;
  /** The original id at selected positions, `ignoreIndex` elsewhere. */
  labels: Int32Array;
}

/** Applies the 80/10/10 rule to one sequence, drawing from `rng` (deterministic for a seed). */
export function maskTokens(
  ids: ArrayLike<number>,
  options: MlmMaskingOptions,
  rng: Rng,
): MaskedSequence {
  const p = options.probability ?? 0.15;
  if (!(p >= 0 && p <= 1)) throw new Error(`maskTokens: probability must be in [0, 1], got ${p}.`);
  const special = new Set(options.specialIds ?? []);
  const ignore = options.ignoreIndex ?? IGNORE_INDEX;
  const inputIds = Int32Array.from(ids);
  const labels = new Int32Array(inputIds.length).fill(ignore);
  for (let t = 0; t < inputIds.length; t++) {
    const id = inputIds[t]!;
    if (special.has(id) || rng.random() >= p) continue;
    labels[t] = id;
    const r = rng.random();
    if (r < 0.8) inputIds[t] = options.maskId;
    else if (r < 0.9) inputIds[t] = rng.int(options.vocabSize);
    // else: keep the original token
  }
  return { inputIds, labels };
}

/** A masked-LM batch: inputs, labels and the padding mask, all [batch, time]. */
export interface MlmBatch {
  /** int32 [batch, time] */
  inputIds: tf.Tensor2D;
  /** int32 [batch, time]: original ids at masked positions, the ignore index elsewhere. */
  labels: tf.Tensor2D;
  /** float32 [batch, time]: 1 = real token, 0 = padding. */
  mask: tf.Tensor2D;
}

/** Options of `MlmCollator`. */
export interface MlmCollatorOptions extends MlmMaskingOptions {
  /** Padding id (never masked; added to the special ids). */
  padId: number;
  /** Seed of the masking stream (default 0). */
  seed?: number;
}

/**
 * Pads sequences to the longest of the batch (right padding) and masks them with a seeded
 * stream: the same seed and batches give the same masks.
 */
export class MlmCollator {
  private readonly rng: Rng;
  private readonly masking: MlmMaskingOptions;

  constructor(readonly options: MlmCollatorOptions) {
    this.rng = new Rng(options.seed ?? 0);
    this.masking = { ...options, specialIds: [...(options.specialIds ?? []), options.padId] };
  }

  /** Masks and pads a batch of id sequences into tensors (the caller disposes them). */
  collate(batch: ArrayLike<number>[]): MlmBatch {
    if (batch.length === 0) throw new Error('MlmCollator.collate: the batch is empty.');
    const B = batch.length;
    const T = Math.max(...batch.map((s) => s.length));
    const ids = new Int32Array(B * T).fill(this.options.padId);
    const labels = new Int32Array(B * T).fill(this.masking.ignoreIndex ?? IGNORE_INDEX);
    const mask = new Float32Array(B * T);
    batch.forEach((seq, b) => {
      const m = maskTokens(seq, this.masking, this.rng);
      ids.set(m.inputIds, b * T);
      labels.set(m.labels, b * T);
      mask.fill(1, b * T, b * T + seq.length);
    });
    return {
      inputIds: tf.tensor2d(ids, [B, T], 'int32'),
      labels: tf.tensor2d(labels, [B, T], 'int32'),
      mask: tf.tensor2d(mask, [B, T], 'float32'),
    };
  }
}
