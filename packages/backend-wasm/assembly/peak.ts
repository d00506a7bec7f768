// The multiply-add peak of this engine and CPU for the GEMM's register tile: the 4x8 micro-
// kernel's 8 accumulators and 32 multiply-adds per step (gemm.ts tile4x8), with A and B held in
// registers instead of loaded, so no memory traffic. The benchmark reports GEMM GFLOP/s as a
// fraction of this. Relaxed build: one f32x4.relaxed_madd (FMA) each; plain build: mul + add.

// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * Runs `iters` steps of the tile (64 flops each: 8 four-lane multiply-adds) and returns a sum of the accumulators, so the
 * engine cannot drop the work. `x` should be small (e.g. 1e-3) to keep the sums finite.
 */
export function fmaPeak(iters: i32, x: f32): f32 {
  const b0 = f32x4(x, -x, x, -x);
  const b1 = f32x4(-x, x, -x, x);
  const a0 = f32x4.splat(x);
  const a1 = f32x4.splat(-x);
  const a2 = f32x4.splat(x * 0.5);
  const a3 = f32x4.splat(-x * 0.5);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < iters; p++) {
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)),
    f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)),
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
