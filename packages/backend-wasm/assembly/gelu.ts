// GELU as PyTorch defines it, forward and backward in one SIMD pass each (the composed
// graph is 5-8 element-wise kernels forward and ~15 backward; wasm's erf and tanh are slow).
//   exact ('none'):  y = x/2 · (1 + erf(x/√2))
//   'tanh':          y = x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))
// erf is Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), the formula tfjs's Erf kernels use,
// so the fused and unfused paths agree to float rounding.
import { expF32x4, tanhF32x4 } from './simd_math';

const ERF_P: f32 = 0.3275911;
const ERF_A1: f32 = 0.254829592;
const ERF_A2: f32 = -0.284496736;
const ERF_A3: f32 = 1.421413741;
const ERF_A4: f32 = -1.453152027;
const ERF_A5: f32 = 1.061405429;
const SQRT1_2: f32 = 0.7071067811865476;
const SQRT_2_PI: f32 = 0.7978845608028654; // √(2/π)
const INV_SQRT_2PI: f32 = 0.3989422804014327; // 1/√(2π)
const C3: f32 = 0.044715;

// @ts-ignore: decorator
@inline
function erfF32x4(x: v128): v128 {
  const v = f32x4.abs(x);
  const one = f32x4.splat(1);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(f32x4.splat(ERF_P), v)));
  let p = f32x4.splat(ERF_A5);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_A4));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_A3));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_A2));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_A1));
  const r = f32x4.sub(one, f32x4.mul(f32x4.mul(p, t), expF32x4(f32x4.neg(f32x4.mul(v, v)))));
  // erf is odd: put x's sign bit on r (r >= 0).
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000)));
}

// @ts-ignore: decorator
@inline
function geluVec(x: v128, tanhForm: bool): v128 {
  const half = f32x4.mul(x, f32x4.splat(0.5));
  const one = f32x4.splat(1);
  if (tanhForm) {
    const cube = f32x4.mul(f32x4.mul(x, x), x);
    const inner = f32x4.mul(f32x4.add(x, f32x4.mul(cube, f32x4.splat(C3))), f32x4.splat(SQRT_2_PI));
    return f32x4.mul(half, f32x4.add(one, tanhF32x4(inner)));
  }
  return f32x4.mul(half, f32x4.add(one, erfF32x4(f32x4.mul(x, f32x4.splat(SQRT1_2)))));
}

// @ts-ignore: decorator
@inline
function geluGradVec(x: v128, tanhForm: bool): v128 {
  const one = f32x4.splat(1);
  const half = f32x4.splat(0.5);
  const x2 = f32x4.mul(x, x);
  if (tanhForm) {
    // 0.5 (1 + t) + 0.5 x (1 - t²) · √(2/π) (1 + 3·0.044715 x²)
    const inner = f32x4.mul(f32x4.add(x, f32x4.mul(f32x4.mul(x2, x), f32x4.splat(C3))), f32x4.splat(SQRT_2_PI));
    const t = tanhF32x4(inner);
    const dInner = f32x4.mul(f32x4.splat(SQRT_2_PI), f32x4.add(one, f32x4.mul(f32x4.splat(3 * C3), x2)));
    return f32x4.add(
      f32x4.mul(half, f32x4.add(one, t)),
      f32x4.mul(f32x4.mul(f32x4.mul(half, x), f32x4.sub(one, f32x4.mul(t, t))), dInner),
    );
  }
  // 0.5 (1 + erf(x/√2)) + x · φ(x),  φ(x) = exp(-x²/2) / √(2π)
  const cdf = f32x4.mul(half, f32x4.add(one, erfF32x4(f32x4.mul(x, f32x4.splat(SQRT1_2)))));
  const pdf = f32x4.mul(expF32x4(f32x4.mul(x2, f32x4.splat(-0.5))), f32x4.splat(INV_SQRT_2PI));
  return f32x4.add(cdf, f32x4.mul(x, pdf));
}

/** y[i] = gelu(x[i]) over n floats; tanhForm 0 = exact (erf), 1 = tanh approximation. */
export function geluForward(x: usize, y: usize, n: i32, tanhForm: i32): void {
  const form = tanhForm != 0;
  const end = <usize>n << 2;
  const vecEnd = <usize>(n & ~3) << 2;
  let j: usize = 0;
  if (form) {
    for (; j < vecEnd; j += 16) v128.store(y + j, geluVec(v128.load(x + j), true));
  } else {
    for (; j < vecEnd; j += 16) v128.store(y + j, geluVec(v128.load(x + j), false));
  }
  for (; j < end; j += 4) {
    store<f32>(y + j, f32x4.extract_lane(geluVec(f32x4.splat(load<f32>(x + j)), form), 0));
  }
}

/** dx[i] = dy[i] · gelu'(x[i]) over n floats. */
export function geluBackward(x: usize, dy: usize, dx: usize, n: i32, tanhForm: i32): void {
  const form = tanhForm != 0;
  const end = <usize>n << 2;
  const vecEnd = <usize>(n & ~3) << 2;
  let j: usize = 0;
  if (form) {
    for (; j < vecEnd; j += 16) {
      v128.store(dx + j, f32x4.mul(v128.load(dy + j), geluGradVec(v128.load(x + j), true)));
    }
  } else {
    for (; j < vecEnd; j += 16) {
      v128.store(dx + j, f32x4.mul(v128.load(dy + j), geluGradVec(v128.load(x + j), false)));
    }
  }
  for (; j < end; j += 4) {
    const g = f32x4.extract_lane(geluGradVec(f32x4.splat(load<f32>(x + j)), form), 0);
    store<f32>(dx + j, load<f32>(dy + j) * g);
  }
}
