// Collate: examples -> one padded batch of Int32Array ids, attention mask and labels.
// Long examples are truncated, never dropped (a known failure of other loaders).
import type { AnyIterable, TextExample } from '../types.js';
import { encodeTexts, type TokenizerLike } from './tokenizer.js';

/** Options of `collate` and `collateBatches`. */
export interface CollateOptions {
  /** Applied to `text` of examples that carry no `ids` yet. */
  tokenizer?: TokenizerLike;
  /** Longest sequence kept; longer ones are truncated to it. */
  maxLength: number;
  /** 'longest' (default): pad to the longest sequence in the batch; 'max': always to maxLength. */
  padTo?: 'longest' | 'max';
  /** Which end loses ids when truncating: 'end' (default, keep the start) or 'start'. */
  truncation?: 'end' | 'start';
  /** Which side gets padding (default 'right'). */
  padding?: 'right' | 'left';
  padId?: number;
}

/** Row-major [batchSize, seqLength] tensors as typed arrays, ready for tf.tensor2d. */
export interface CollatedBatch {
  /** [batchSize * seqLength] token ids, padId where attentionMask is 0. */
  ids: Int32Array;
  /** [batchSize * seqLength] 1 for a real token, 0 for padding. */
  attentionMask: Int32Array;
  /** [batchSize] class indices. */
  labels: Int32Array;
  /** [batchSize] real tokens per row after truncation. */
  lengths: Int32Array;
  batchSize: number;
  seqLength: number;
  /** Rows that were cut to maxLength. */
  truncated: number;
}

/** An example that already carries token ids (e.g. tokenized before bucketing). */
export type MaybeTokenized = TextExample & { ids?: ArrayLike<number> };

/**
 * Examples -> one padded batch: tokenizes those without `ids`, truncates rows longer than
 * `maxLength` (never drops them) and pads to the longest row (or to `maxLength`).
 */
export function collate(
  examples: readonly MaybeTokenized[],
  options: CollateOptions,
): CollatedBatch {
  const {
    tokenizer,
    maxLength,
    padTo = 'longest',
    truncation = 'end',
    padding = 'right',
    padId = 0,
  } = options;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`collate: maxLength must be a positive integer, got ${maxLength}`);
  }
  const n = examples.length;
  const seqs = new Array<ArrayLike<number>>(n);
  const todo: number[] = [];
  for (let i = 0; i < n; i++) {
    const ex = examples[i]!;
    if (ex.ids !== undefined) seqs[i] = ex.ids;
    else todo.push(i);
  }
  if (todo.length > 0) {
    if (!tokenizer) throw new Error('collate: examples have no `ids` and no tokenizer was given.');
    const encoded = encodeTexts(
      tokenizer,
      todo.map((i) => examples[i]!.text),
    );
    todo.forEach((i, k) => {
      seqs[i] = encoded[k]!;
    });
  }
  let longest = 0;
  let truncated = 0;
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const len = seqs[i]!.length;
    if (len > maxLength) truncated++;
    lengths[i] = Math.min(len, maxLength);
    if (lengths[i]! > longest) longest = lengths[i]!;
  }
  // An all-empty batch still gets one column so shapes stay valid.
  const seqLength = padTo === 'max' ? maxLength : Math.max(1, longest);
  const ids = new Int32Array(n * seqLength);
  if (padId !== 0) ids.fill(padId);
  const attentionMask = new Int32Array(n * seqLength);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const seq = seqs[i]!;
    const len = lengths[i]!;
    const from = truncation === 'end' ? 0 : seq.length - len;
    const row = i * seqLength + (padding === 'right' ? 0 : seqLength - len);
    for (let j = 0; j < len; j++) {
      ids[row + j] = seq[from + j]!;
      attentionMask[row + j] = 1;
    }
    const label = examples[i]!.label;
    if (!Number.isInteger(label))
      throw new TypeError(`collate: example ${i} has a non-integer label ${label}`);
    labels[i] = label;
  }
  return { ids, attentionMask, labels, lengths, batchSize: n, seqLength, truncated };
}

/** Collates every batch of a stream: T[][] -> CollatedBatch per batch. */
export async function* collateBatches(
  batches: AnyIterable<readonly MaybeTokenized[]>,
  options: CollateOptions,
): AsyncGenerator<CollatedBatch> {
  for await (const b of batches) yield collate(b, options);
}
