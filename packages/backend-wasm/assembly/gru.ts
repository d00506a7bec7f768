// A whole GRU sequence (one direction) in one call, forward and backward, in PyTorch's
// equations and layout (gates r, z, n; W_hh [3H, H]):
//   r = σ(x_r + h·W_hrᵀ + b_hr)   z = σ(x_z + h·W_hzᵀ + b_hz)
//   n = tanh(x_n + r ∘ (h·W_hnᵀ + b_hn))   h' = (1 - z) ∘ n + z ∘ h
// The input projection x·W_ihᵀ + b_ih is one large matMul done by the caller. Padding-aware
// like lstm.ts: where mask[t, b] == 0 the state is carried unchanged.
import { gemm } from './gemm';
import {
  flushTinyF32,
  flushTinyF32x4,
  sigmoidF32,
  sigmoidF32x4,
  tanhF32,
  tanhF32x4,
} from './simd_math';

// @ts-ignore: decorator
@inline
function at(ptr: usize, index: i32): usize {
  return ptr + (<usize>index << 2);
}

/**
 * @param xProj  [T, B, 3H]  x_t·W_ihᵀ + b_ih
 * @param wT     [H, 3H]     W_hhᵀ
 * @param bHH    [3H]
 * @param h0     [B, H]
 * @param mask   [T, B]
 * @param hSeq   [T, B, H]   out
 * @param saved  [T, B, 4H]  out: r, z, n and h·W_hnᵀ + b_hn, for the backward pass
 */
export function gruForward(
  xProj: usize, wT: usize, bHH: usize, h0: usize, mask: usize,
  hSeq: usize, saved: usize,
  steps: i32, batch: i32, hidden: i32,
): void {
  const g3 = 3 * hidden;
  const g4 = 4 * hidden;
  const h4 = hidden & ~3;
  for (let t = 0; t < steps; t++) {
    const st = at(saved, t * batch * g4);
    const hPrev = t == 0 ? h0 : at(hSeq, (t - 1) * batch * hidden);
    // h·W_hhᵀ into the first 3H of each saved row; overwritten in place below.
    gemm(hPrev, wT, st, batch, g3, hidden, hidden, 1, g3, g4, 0);
    for (let b = 0; b < batch; b++) {
      const hp = at(hPrev, b * hidden);
      const hb = at(hSeq, (t * batch + b) * hidden);
      if (load<f32>(at(mask, t * batch + b)) == 0) {
        memory.copy(hb, hp, <usize>hidden << 2);
        continue;
      }
      const sb = at(st, b * g4);
      const xb = at(xProj, (t * batch + b) * g3);
      let j = 0;
      // Four units at a time; the scalar loop below finishes odd hidden sizes, lane-identical.
      for (; j < h4; j += 4) {
        const hr = f32x4.add(v128.load(at(sb, j)), v128.load(at(bHH, j)));
        const hz = f32x4.add(v128.load(at(sb, hidden + j)), v128.load(at(bHH, hidden + j)));
        const hn = f32x4.add(v128.load(at(sb, 2 * hidden + j)), v128.load(at(bHH, 2 * hidden + j)));
        const r = sigmoidF32x4(f32x4.add(v128.load(at(xb, j)), hr));
        const z = sigmoidF32x4(f32x4.add(v128.load(at(xb, hidden + j)), hz));
        const n = tanhF32x4(f32x4.add(v128.load(at(xb, 2 * hidden + j)), f32x4.mul(r, hn)));
        v128.store(at(sb, j), r);
        v128.store(at(sb, hidden + j), z);
        v128.store(at(sb, 2 * hidden + j), n);
        v128.store(at(sb, 3 * hidden + j), hn);
        v128.store(at(hb, j), f32x4.add(n, f32x4.mul(z, f32x4.sub(v128.load(at(hp, j)), n))));
      }
      for (; j < hidden; j++) {
        const hr = load<f32>(at(sb, j)) + load<f32>(at(bHH, j));
        const hz = load<f32>(at(sb, hidden + j)) + load<f32>(at(bHH, hidden + j));
        const hn = load<f32>(at(sb, 2 * hidden + j)) + load<f32>(at(bHH, 2 * hidden + j));
        const r = sigmoidF32(load<f32>(at(xb, j)) + hr);
        const z = sigmoidF32(load<f32>(at(xb, hidden + j)) + hz);
        const n = tanhF32(load<f32>(at(xb, 2 * hidden + j)) + r * hn);
        store<f32>(at(sb, j), r);
        store<f32>(at(sb, hidden + j), z);
        store<f32>(at(sb, 2 * hidden + j), n);
        store<f32>(at(sb, 3 * hidden + j), hn);
        store<f32>(at(hb, j), n + z * (load<f32>(at(hp, j)) - n));
      }
    }
  }
}

/**
 * Backward through time. dh0 doubles as the running carry dL/dh_{t-1}.
 *
 * @param dhSeq  [T, B, H]
 * @param saved  [T, B, 4H]  from gruForward
 * @param hSeq   [T, B, H]
 * @param h0     [B, H]
 * @param w      [3H, H]     W_hh
 * @param mask   [T, B]
 * @param dX     [T, B, 3H]  out: dL/dxProj
 * @param dHg    [T, B, 3H]  out: dL/d(h·W_hhᵀ + b_hh), for dW_hh and db_hh
 * @param dh0    [B, H]      out
 */
export function gruBackward(
  dhSeq: usize, saved: usize, hSeq: usize, h0: usize, w: usize, mask: usize,
  dX: usize, dHg: usize, dh0: usize,
  steps: i32, batch: i32, hidden: i32,
): void {
  const g3 = 3 * hidden;
  const g4 = 4 * hidden;
  const h4 = hidden & ~3;
  const one = f32x4.splat(1);
  memory.fill(dh0, 0, <usize>(batch * hidden) << 2);
  for (let t = steps - 1; t >= 0; t--) {
    const dHgT = at(dHg, t * batch * g3);
    for (let b = 0; b < batch; b++) {
      const carry = at(dh0, b * hidden);
      const dhs = at(dhSeq, (t * batch + b) * hidden);
      const dxb = at(dX, (t * batch + b) * g3);
      const dgb = at(dHgT, b * g3);
      if (load<f32>(at(mask, t * batch + b)) == 0) {
        for (let j = 0; j < hidden; j++) store<f32>(at(carry, j), load<f32>(at(carry, j)) + load<f32>(at(dhs, j)));
        memory.fill(dxb, 0, <usize>g3 << 2);
        memory.fill(dgb, 0, <usize>g3 << 2);
        continue;
      }
      const sb = at(saved, (t * batch + b) * g4);
      const hp = t == 0 ? at(h0, b * hidden) : at(hSeq, ((t - 1) * batch + b) * hidden);
      let j = 0;
      for (; j < h4; j += 4) {
        const r = v128.load(at(sb, j));
        const z = v128.load(at(sb, hidden + j));
        const n = v128.load(at(sb, 2 * hidden + j));
        const hn = v128.load(at(sb, 3 * hidden + j));
        const dh = flushTinyF32x4(f32x4.add(v128.load(at(carry, j)), v128.load(at(dhs, j))));
        const dAn = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
        const dAz = f32x4.mul(
          f32x4.mul(f32x4.mul(dh, f32x4.sub(v128.load(at(hp, j)), n)), z),
          f32x4.sub(one, z),
        );
        const dAr = f32x4.mul(f32x4.mul(f32x4.mul(dAn, hn), r), f32x4.sub(one, r));
        // Flushed: tiny gradients decaying through time would turn denormal (see simd_math).
        const fr = flushTinyF32x4(dAr);
        const fz = flushTinyF32x4(dAz);
        const fn = flushTinyF32x4(dAn);
        v128.store(at(dxb, j), fr);
        v128.store(at(dxb, hidden + j), fz);
        v128.store(at(dxb, 2 * hidden + j), fn);
        v128.store(at(dgb, j), fr);
        v128.store(at(dgb, hidden + j), fz);
        v128.store(at(dgb, 2 * hidden + j), flushTinyF32x4(f32x4.mul(dAn, r)));
        v128.store(at(carry, j), flushTinyF32x4(f32x4.mul(dh, z)));
      }
      for (; j < hidden; j++) {
        const r = load<f32>(at(sb, j));
        const z = load<f32>(at(sb, hidden + j));
        const n = load<f32>(at(sb, 2 * hidden + j));
        const hn = load<f32>(at(sb, 3 * hidden + j));
        const dh = flushTinyF32(load<f32>(at(carry, j)) + load<f32>(at(dhs, j)));
        const dAn = dh * (1 - z) * (1 - n * n);
        const dAz = dh * (load<f32>(at(hp, j)) - n) * z * (1 - z);
        const dAr = dAn * hn * r * (1 - r);
        store<f32>(at(dxb, j), flushTinyF32(dAr));
        store<f32>(at(dxb, hidden + j), flushTinyF32(dAz));
        store<f32>(at(dxb, 2 * hidden + j), flushTinyF32(dAn));
        store<f32>(at(dgb, j), flushTinyF32(dAr));
        store<f32>(at(dgb, hidden + j), flushTinyF32(dAz));
        store<f32>(at(dgb, 2 * hidden + j), flushTinyF32(dAn * r));
        store<f32>(at(carry, j), flushTinyF32(dh * z)); // direct path; the gemm below adds dHg·W_hh
      }
    }
    gemm(dHgT, w, dh0, batch, hidden, g3, g3, 1, hidden, hidden, 1);
  }
}
