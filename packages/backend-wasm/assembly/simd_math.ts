// exp / sigmoid / tanh on f32x4, without lookup tables: a kernel module must have no data
// segments (they would be copied over the tfjs heap it shares), and AssemblyScript's Mathf.exp
// brings one. Cephes-style expf: range reduction by ln 2, degree-6 polynomial, 2^n built in
// the exponent bits. Max relative error ~2 ulp over the clamped range.

/** c + a·b, one fused multiply-add where the build has relaxed SIMD (a compile-time branch). */
// @ts-ignore: decorator
@inline
export function maddF32x4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// 1.5·2^23: adding it rounds a float of magnitude < 2^22 to the nearest integer (ties to even,
// as f32x4.nearest), and that integer sits in the low mantissa bits of the sum.
const ROUND_MAGIC: f32 = 12582912.0;

// V8 lowers f32x4.min/max (NaN-propagating) and i32x4.trunc_sat_f32x4_s to ~8 x86 instructions
// each; the clamp uses pmin/pmax (one minps/maxps each) and 2^n comes from the magic sum's bits,
// which made exp ~1.5x faster (attention softmax, GELU, cross-entropy, LSTM/GRU gates). The
// plain build's results are unchanged bit for bit; the relaxed build fuses the polynomial.
// @ts-ignore: decorator
@inline
export function expF32x4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.7));
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(ROUND_MAGIC));
  const n = f32x4.sub(t, f32x4.splat(ROUND_MAGIC));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = maddF32x4(p, r, f32x4.splat(1.3981999507e-3));
  p = maddF32x4(p, r, f32x4.splat(8.3334519073e-3));
  p = maddF32x4(p, r, f32x4.splat(4.1665795894e-2));
  p = maddF32x4(p, r, f32x4.splat(1.6666665459e-1));
  p = maddF32x4(p, r, f32x4.splat(5.0000001201e-1));
  p = f32x4.add(maddF32x4(p, f32x4.mul(r, r), r), f32x4.splat(1.0));
  // 2^n: n + 127 in the exponent field (t's low bits hold n; the shift drops the rest).
  const pow2n = i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23);
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

// Gradients below this are flushed to zero in the recurrent backward passes. Backpropagated
// through hundreds of time steps they decay into float32's denormal range, where x86 runs every
// multiply-add on them ~75x slower (wasm cannot set FTZ/DAZ): an LSTM-imdb step (T 256) took
// 8.6 s instead of 0.3 s, in the BPTT and in the dW / dx products on its output. 1e-30 leaves
// headroom so products with weights in the GEMMs stay normal; such values are ~1e-25 of the
// smallest gradient change float32 training can register.
export const FLUSH_BELOW: f32 = 1e-30;

/** x with every lane |x| < FLUSH_BELOW set to 0 (NaN and infinities pass unchanged). */
// @ts-ignore: decorator
@inline
export function flushTinyF32x4(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(FLUSH_BELOW)));
}

// @ts-ignore: decorator
@inline
export function flushTinyF32(x: f32): f32 {
  return Mathf.abs(x) < FLUSH_BELOW ? 0 : x;
}
