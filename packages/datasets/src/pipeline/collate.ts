// Collate: examples -> one padded batch of Int32Array ids, attention mask and labels, the one
// batch type of tfnlp (`paddedBatches` makes them for a whole epoch). Long examples are
// truncated, never dropped (a known failure of other loaders).
import { encodeTexts, type TokenizerLike } from './tokenizer.js';

/** Options of `collate` (and of the batches `paddedBatches` makes). */
export interface CollateOptions {
  /** Applied to `text` of examples that carry no `ids` yet. */
  tokenizer?: TokenizerLike;
  /** Longest sequence kept; longer ones are truncated to it (default: no limit). */
  maxLength?: number;
  /** 'longest' (default): pad to the longest sequence in the batch; 'max': always to maxLength. */
  padTo?: 'longest' | 'max';
  /** Which end loses ids when truncating: 'end' (default, keep the start) or 'start'. */
  truncation?: 'end' | 'start';
  /** Which side gets padding (default 'right'). */
  padding?: 'right' | 'left';
  /** Id written where there is no token (default 0). */
  padId?: number;
  /**
   * An example without tokens gets this one token instead (e.g. the `<unk>` id), so that no
   * row is all padding; default: it stays empty (its mask row is all 0).
   */
  emptyId?: number;
  /** Applied to each example's ids before truncation, in batch order (e.g. token dropout). */
  mapIds?: (ids: ArrayLike<number>) => ArrayLike<number>;
}

/** A padded batch: row-major [batchSize, seqLength] typed arrays, ready for tf.tensor2d. */
export interface PaddedBatch {
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

/** A labelled example with token `ids`, or a `text` for the collate tokenizer to encode. */
export interface MaybeTokenized {
  /** Token ids; when absent, `text` goes through the `tokenizer` option. */
  ids?: ArrayLike<number>;
  text?: string;
  /** Class index. */
  label: number;
}

/**
 * Examples -> one padded batch: tokenizes those without `ids`, truncates rows longer than
 * `maxLength` (never drops them) and pads to the longest row (or to `maxLength`).
 */
export function collate(
  examples: readonly MaybeTokenized[],
  options: CollateOptions = {},
): PaddedBatch {
  const {
    tokenizer,
    maxLength = Number.POSITIVE_INFINITY,
    padTo = 'longest',
    truncation = 'end',
    padding = 'right',
    padId = 0,
    emptyId,
    mapIds,
  } = options;
  if (maxLength !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxLength) || maxLength < 1)) {
    throw new RangeError(`collate: maxLength must be a positive integer, got ${maxLength}`);
  }
  if (padTo === 'max' && maxLength === Number.POSITIVE_INFINITY) {
    throw new RangeError("collate: padTo 'max' pads to maxLength; give maxLength too");
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
      todo.map((i) => {
        const text = examples[i]!.text;
        if (typeof text !== 'string')
          throw new TypeError(`collate: example ${i} has neither ids nor a text`);
        return text;
      }),
    );
    todo.forEach((i, k) => {
      seqs[i] = encoded[k]!;
    });
  }
  for (let i = 0; i < n; i++) {
    if (mapIds) seqs[i] = mapIds(seqs[i]!);
    if (emptyId !== undefined && seqs[i]!.length === 0) seqs[i] = [emptyId];
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
