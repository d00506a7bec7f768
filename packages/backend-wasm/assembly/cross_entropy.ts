// Softmax cross-entropy from logits and class ids, with label smoothing, fused: the forward
// is one pass per row (max, Σexp, the target terms) keeping only log Σexp per row; the
// backward writes dlogits = dy · (softmax - target) in one pass. The composed graph kept
// [B, C] log-probabilities and a [B, C] target tensor for the tape.
//   target_j = (1 - ε)·[j = label] + ε / C     (PyTorch's label_smoothing)
//   loss     = lse - (1 - ε)·x_label - (ε / C)·Σ_j x_j,   lse = log Σ_j exp(x_j)
// A negative label is ignored: loss 0, gradient 0.
import { expF32x4 } from './simd_math';

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Natural log for x > 0 (finite), table-free (AssemblyScript's Math.log brings a data
 * segment): x = m·2^e with m in [√½, √2), log m = 2·atanh(s), s = (m - 1)/(m + 1), |s| < 0.172;
 * the series to s^15 is exact to ~1e-13.
 */
function logF64(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000); // [1, 2)
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let p = 1.0 / 15;
  p = p * s2 + 1.0 / 13;
  p = p * s2 + 1.0 / 11;
  p = p * s2 + 1.0 / 9;
  p = p * s2 + 1.0 / 7;
  p = p * s2 + 1.0 / 5;
  p = p * s2 + 1.0 / 3;
  p = p * s2 + 1.0;
  return 2 * s * p + <f64>e * 0.6931471805599453;
}

/**
 * @param logits [rows, c]   @param labels [rows] int32
 * @param loss   [rows]      @param lse [rows] (log Σ exp, for the backward)
 */
export function softmaxCrossEntropyForward(
  logits: usize, labels: usize, loss: usize, lse: usize, rows: i32, c: i32, smoothing: f32,
): void {
  const rowBytes = <usize>c << 2;
  const vecEnd = <usize>(c & ~3) << 2;
  const onLabel = <f64>(1 - smoothing);
  const perClass = <f64>smoothing / <f64>c;
  for (let r = 0; r < rows; r++) {
    const xr = logits + <usize>r * rowBytes;
    let vmax = f32x4.splat(-Infinity);
    let j: usize = 0;
    for (; j < vecEnd; j += 16) vmax = f32x4.max(vmax, v128.load(xr + j));
    let max = Mathf.max(
      Mathf.max(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)),
      Mathf.max(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)),
    );
    for (; j < rowBytes; j += 4) max = Mathf.max(max, load<f32>(xr + j));
    const m = f32x4.splat(max);
    let accE = f32x4.splat(0);
    let accX = f32x4.splat(0);
    for (j = 0; j < vecEnd; j += 16) {
      const v = v128.load(xr + j);
      accE = f32x4.add(accE, expF32x4(f32x4.sub(v, m)));
      accX = f32x4.add(accX, v);
    }
    let sumE = <f64>hsum(accE);
    let sumX = <f64>hsum(accX);
    for (; j < rowBytes; j += 4) {
      const v = load<f32>(xr + j);
      sumE += <f64>f32x4.extract_lane(expF32x4(f32x4.splat(v - max)), 0);
      sumX += <f64>v;
    }
    const l = <f64>max + logF64(sumE);
    store<f32>(lse + (<usize>r << 2), <f32>l);
    const label = load<i32>(labels + (<usize>r << 2));
    if (label < 0) {
      store<f32>(loss + (<usize>r << 2), 0);
      continue;
    }
    // Σ target = 1, so -Σ target·(x - lse) = lse - Σ target·x.
    const x = <f64>load<f32>(xr + (<usize>label << 2));
    store<f32>(loss + (<usize>r << 2), <f32>(l - onLabel * x - perClass * sumX));
  }
}

/**
 * dlogits[r, j] = dy[r] · (exp(x[r, j] - lse[r]) - target[r, j]); 0 for an ignored row.
 * @param dy [rows]   @param logits [rows, c]   @param labels [rows]   @param lse [rows]
 * @param dlogits [rows, c]
 */
export function softmaxCrossEntropyBackward(
  dy: usize, logits: usize, labels: usize, lse: usize, dlogits: usize, rows: i32, c: i32,
  smoothing: f32,
): void {
  const rowBytes = <usize>c << 2;
  const vecEnd = <usize>(c & ~3) << 2;
  const perClass: f32 = smoothing / <f32>c;
  for (let r = 0; r < rows; r++) {
    const xr = logits + <usize>r * rowBytes;
    const dr = dlogits + <usize>r * rowBytes;
    const label = load<i32>(labels + (<usize>r << 2));
    if (label < 0) {
      memory.fill(dr, 0, rowBytes);
      continue;
    }
    const g = load<f32>(dy + (<usize>r << 2));
    const l = f32x4.splat(load<f32>(lse + (<usize>r << 2)));
    const gv = f32x4.splat(g);
    const pc = f32x4.splat(perClass);
    let j: usize = 0;
    for (; j < vecEnd; j += 16) {
      const p = expF32x4(f32x4.sub(v128.load(xr + j), l));
      v128.store(dr + j, f32x4.mul(gv, f32x4.sub(p, pc)));
    }
    const ls = f32x4.extract_lane(l, 0);
    for (; j < rowBytes; j += 4) {
      const p = f32x4.extract_lane(expF32x4(f32x4.splat(load<f32>(xr + j) - ls)), 0);
      store<f32>(dr + j, g * (p - perClass));
    }
    const at = dr + (<usize>label << 2);
    store<f32>(at, load<f32>(at) - g * (1 - smoothing));
  }
}
