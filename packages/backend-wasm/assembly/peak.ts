// The multiply-add peak of this engine and CPU for the GEMM's register tile: the 4x8 micro-
// kernel's loop of gemm.ts tile4x8 (8 accumulators; per step 2 vector loads of B, 4 splat loads
// of A, 8 four-lane multiply-adds = 64 flops), reading the same 48 bytes every step, so the loads
// always hit L1 and there is no memory traffic. The benchmark reports GEMM GFLOP/s as a fraction
// of this. Relaxed build: one f32x4.relaxed_madd (FMA) each; plain build: mul + add.

// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * Runs `iters` steps of the tile on 12 floats it writes at `scratch` (48 bytes the caller owns)
 * and returns a sum of the accumulators, so the engine cannot drop the work. `x` should be small
 * (e.g. 1e-3) to keep the sums finite.
 */
export function fmaPeak(iters: i32, x: f32, scratch: usize): f32 {
  v128.store(scratch, f32x4(x, -x, x, -x));
  v128.store(scratch, f32x4(-x, x, -x, x), 16);
  v128.store(scratch, f32x4(x, -x, x * 0.5, -x * 0.5), 32);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const pa = scratch + 32;
  for (let p = 0; p < iters; p++) {
    const b0 = v128.load(scratch);
    const b1 = v128.load(scratch, 16);
    const a0 = v128.load32_splat(pa);
    const a1 = v128.load32_splat(pa + 4);
    const a2 = v128.load32_splat(pa + 8);
    const a3 = v128.load32_splat(pa + 12);
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
