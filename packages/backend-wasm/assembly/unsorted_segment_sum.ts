/**
 * out[s, :] = sum of x[i, :] over the rows i with segmentIds[i] == s.
 * Rows whose id is outside [0, numSegments) are dropped, as in TensorFlow.
 *
 * One pass over x (O(n * inner)), SIMD over the inner dimension: this is the
 * gradient of `gather`, so of every Embedding, and runs once per training step.
 *
 * @param xPtr    float32 [n, inner]
 * @param idsPtr  int32   [n]
 * @param outPtr  float32 [numSegments, inner], overwritten
 */
export function unsortedSegmentSumF32(
  xPtr: usize,
  idsPtr: usize,
  outPtr: usize,
  n: i32,
  inner: i32,
  numSegments: i32,
): void {
  const rowBytes = (<usize>inner) << 2;
  memory.fill(outPtr, 0, rowBytes * <usize>numSegments);
  const vecEnd = (<usize>(inner & ~3)) << 2;
  for (let i = 0; i < n; i++) {
    const segment = load<i32>(idsPtr + ((<usize>i) << 2));
    if (segment < 0 || segment >= numSegments) continue;
    const src = xPtr + <usize>i * rowBytes;
    const dst = outPtr + <usize>segment * rowBytes;
    let j: usize = 0;
    for (; j < vecEnd; j += 16) {
      v128.store(dst + j, f32x4.add(v128.load(dst + j), v128.load(src + j)));
    }
    for (; j < rowBytes; j += 4) {
      store<f32>(dst + j, load<f32>(dst + j) + load<f32>(src + j));
    }
  }
}
