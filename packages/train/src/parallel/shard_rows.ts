/**
 * Rows `index` of `count` near-equal parts of a batch of row-major typed arrays (or arrays):
 * the batch needs a numeric `batchSize`, and every array field whose length is a multiple of it
 * is cut by rows (ids [batch, time] and labels [batch] alike); other fields are copied, and
 * `batchSize` is set to the part's rows. Undefined for an empty part (a batch smaller than
 * `count`). Fits @tfnlp/datasets' collated batches.
 */
export function shardRows<B>(batch: B, index: number, count: number): B | undefined {
  const rows = (batch as { batchSize?: unknown }).batchSize;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) {
    throw new Error(
      'shardRows: the batch has no integer `batchSize`; give DataParallel a `shard(batch, index, ' +
        'count)` function that returns that part of your batch.',
    );
  }
  const start = Math.floor((index * rows) / count);
  const end = Math.floor(((index + 1) * rows) / count);
  if (end <= start) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(batch as Record<string, unknown>)) {
    const length = rowLength(value, rows);
    out[key] =
      length === undefined
        ? value
        : (value as Int32Array | unknown[]).slice(start * length, end * length);
  }
  out.batchSize = end - start;
  return out as B;
}

/** Elements per row when `value` is an array cut by rows; undefined otherwise. */
function rowLength(value: unknown, rows: number): number | undefined {
  const isArray =
    Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isArray || rows === 0) return undefined;
  const length = (value as { length: number }).length;
  return length % rows === 0 && length > 0 ? length / rows : undefined;
}
