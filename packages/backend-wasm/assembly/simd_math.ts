// exp / sigmoid / tanh on f32x4, without lookup tables: a kernel module must have no data
// segments (they would be copied over the tfjs heap it shares), and AssemblyScript's Mathf.exp
// brings one. Cephes-style expf: range reduction by ln 2, degree-6 polynomial, 2^n built in
// the exponent bits. Max relative error ~2 ulp over the clamped range.

// @ts-ignore: decorator
@inline
export function expF32x4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.7));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  // 2^n: n + 127 in the exponent field.
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, pow2n);
}

// @ts-ignore: decorator
@inline
export function sigmoidF32x4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expF32x4(f32x4.neg(x))));
}

// tanh(x) = 2 sigmoid(2x) - 1: absolute error ~1e-7, enough for float32 training.
// @ts-ignore: decorator
@inline
export function tanhF32x4(x: v128): v128 {
  const s = sigmoidF32x4(f32x4.add(x, x));
  return f32x4.sub(f32x4.add(s, s), f32x4.splat(1.0));
}

// @ts-ignore: decorator
@inline
export function sigmoidF32(x: f32): f32 {
  return f32x4.extract_lane(sigmoidF32x4(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline
export function tanhF32(x: f32): f32 {
  return f32x4.extract_lane(tanhF32x4(f32x4.splat(x)), 0);
}
