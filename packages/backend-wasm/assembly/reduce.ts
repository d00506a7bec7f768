/**
 * out[j] = Σ_i x[i, j] for x [outer, inner]: a sum over leading axes in one pass, SIMD over
 * the inner axis. The stock wasm Sum moves reduced axes last with a full Transpose first;
 * this is the bias gradient of every Dense (dy [batch·time, out] summed over rows).
 */
export function sumLeading(x: usize, out: usize, outer: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  const vecEnd = <usize>(inner & ~3) << 2;
  memory.fill(out, 0, rowBytes);
  for (let i = 0; i < outer; i++) {
    const src = x + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j < vecEnd; j += 16) v128.store(out + j, f32x4.add(v128.load(out + j), v128.load(src + j)));
    for (; j < rowBytes; j += 4) store<f32>(out + j, load<f32>(out + j) + load<f32>(src + j));
  }
}
