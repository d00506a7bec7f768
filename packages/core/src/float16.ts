/**
 * 16-bit float conversions for safetensors F16 / BF16 data: IEEE 754 half precision (1 sign,
 * 5 exponent, 10 mantissa bits) and bfloat16 (the top 16 bits of a float32).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE 754 half-precision bits nearest to `x` (ties to even), as a 16-bit integer. */
export function floatToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity, NaN
  const e = exp - 112; // the half's biased exponent
  if (e >= 1) {
    // Normal: keep 10 of the 23 mantissa bits; a carry may bump the exponent (up to Infinity).
    let half = (Math.min(e, 31) << 10) | (mant >>> 13);
    if (e >= 31) return sign | 0x7c00;
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
    return sign | half;
  }
  // Subnormal (or zero): the value is (mant | 2^23) * 2^-shift in units of 2^-24.
  const shift = 14 - e;
  if (shift > 24) return sign;
  const full = mant | 0x800000;
  let half = full >>> shift;
  const rest = full & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && half & 1)) half++;
  return sign | half;
}

/** The number whose IEEE 754 half-precision bits are `h` (exact). */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** The number whose bfloat16 bits are `h` (exact: bfloat16 is a float32 cut to 16 bits). */
export function bfloat16ToFloat(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0]!;
}
