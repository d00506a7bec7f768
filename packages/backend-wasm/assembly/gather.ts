/**
 * out[o, i, :] = x[o, indices[i], :] for 4-byte elements (float32 or int32): one block copy
 * of `inner` elements per (o, i). The stock wasm Gather computes every element's index
 * through strides and was ~100x slower for an Embedding lookup (16k rows x 128).
 * Indices are validated by the caller.
 *
 * @param x        [outer, axisSize, inner]
 * @param indices  int32 [n]
 * @param out      [outer, n, inner]
 */
export function gatherRows(
  x: usize, indices: usize, out: usize,
  outer: i32, n: i32, axisSize: i32, inner: i32,
): void {
  const rowBytes = <usize>inner << 2;
  let dst = out;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>axisSize * rowBytes;
    for (let i = 0; i < n; i++) {
      const row = load<i32>(indices + (<usize>i << 2));
      memory.copy(dst, base + <usize>row * rowBytes, rowBytes);
      dst += rowBytes;
    }
  }
}
