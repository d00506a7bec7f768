// A whole LSTM sequence (one direction) in one call, forward and backward.
// PyTorch gate order and layout: gates = [i, f, g, o] along the last axis, W_hh [4H, H].
// The input projection x·W_ihᵀ + b_ih + b_hh is one large matMul done by the caller.
//
// Padding-aware: where mask[t, b] == 0 the state is carried unchanged (h_t = h_{t-1},
// c_t = c_{t-1}), so the final state of each row is its state at its last real step.
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
 * @param xProj  [T, B, 4H]  x_t·W_ihᵀ + biases
 * @param wT     [H, 4H]     W_hhᵀ
 * @param h0     [B, H]
 * @param c0     [B, H]
 * @param mask   [T, B]      1 = real step, 0 = padding
 * @param hSeq   [T, B, H]   out
 * @param cSeq   [T, B, H]   out
 * @param gates  [T, B, 4H]  out: activated gates (i, f, g, o), kept for the backward pass
 */
export function lstmForward(
  xProj: usize, wT: usize, h0: usize, c0: usize, mask: usize,
  hSeq: usize, cSeq: usize, gates: usize,
  steps: i32, batch: i32, hidden: i32,
): void {
  const g4 = 4 * hidden;
  const h4 = hidden & ~3;
  for (let t = 0; t < steps; t++) {
    const gt = at(gates, t * batch * g4);
    const ht = at(hSeq, t * batch * hidden);
    const ct = at(cSeq, t * batch * hidden);
    const hPrev = t == 0 ? h0 : at(hSeq, (t - 1) * batch * hidden);
    const cPrev = t == 0 ? c0 : at(cSeq, (t - 1) * batch * hidden);
    memory.copy(gt, at(xProj, t * batch * g4), <usize>(batch * g4) << 2);
    gemm(hPrev, wT, gt, batch, g4, hidden, hidden, 1, g4, g4, 1); // gates += h_{t-1}·W_hhᵀ
    for (let b = 0; b < batch; b++) {
      const hp = at(hPrev, b * hidden);
      const cp = at(cPrev, b * hidden);
      const hb = at(ht, b * hidden);
      const cb = at(ct, b * hidden);
      if (load<f32>(at(mask, t * batch + b)) == 0) {
        memory.copy(hb, hp, <usize>hidden << 2);
        memory.copy(cb, cp, <usize>hidden << 2);
        continue;
      }
      const gb = at(gt, b * g4);
      let j = 0;
      for (; j < h4; j += 4) {
        const i = sigmoidF32x4(v128.load(at(gb, j)));
        const f = sigmoidF32x4(v128.load(at(gb, hidden + j)));
        const g = tanhF32x4(v128.load(at(gb, 2 * hidden + j)));
        const o = sigmoidF32x4(v128.load(at(gb, 3 * hidden + j)));
        const c = f32x4.add(f32x4.mul(f, v128.load(at(cp, j))), f32x4.mul(i, g));
        v128.store(at(gb, j), i);
        v128.store(at(gb, hidden + j), f);
        v128.store(at(gb, 2 * hidden + j), g);
        v128.store(at(gb, 3 * hidden + j), o);
        v128.store(at(cb, j), c);
        v128.store(at(hb, j), f32x4.mul(o, tanhF32x4(c)));
      }
      for (; j < hidden; j++) {
        const i = sigmoidF32(load<f32>(at(gb, j)));
        const f = sigmoidF32(load<f32>(at(gb, hidden + j)));
        const g = tanhF32(load<f32>(at(gb, 2 * hidden + j)));
        const o = sigmoidF32(load<f32>(at(gb, 3 * hidden + j)));
        const c = f * load<f32>(at(cp, j)) + i * g;
        store<f32>(at(gb, j), i);
        store<f32>(at(gb, hidden + j), f);
        store<f32>(at(gb, 2 * hidden + j), g);
        store<f32>(at(gb, 3 * hidden + j), o);
        store<f32>(at(cb, j), c);
        store<f32>(at(hb, j), o * tanhF32(c));
      }
    }
  }
}

/**
 * Backward through time. dh0/dc0 double as the running carries dL/dh_{t-1}, dL/dc_{t-1}.
 *
 * @param dhSeq  [T, B, H]   dL/dh_t from outside the recurrence
 * @param dcSeq  [T, B, H]   dL/dc_t from outside the recurrence
 * @param gates  [T, B, 4H]  activated gates from lstmForward
 * @param cSeq   [T, B, H]
 * @param c0     [B, H]
 * @param w      [4H, H]     W_hh
 * @param mask   [T, B]
 * @param dGates [T, B, 4H]  out: dL/d(pre-activation gates) = dL/dxProj
 * @param dh0    [B, H]      out
 * @param dc0    [B, H]      out
 */
export function lstmBackward(
  dhSeq: usize, dcSeq: usize, gates: usize, cSeq: usize, c0: usize, w: usize, mask: usize,
  dGates: usize, dh0: usize, dc0: usize,
  steps: i32, batch: i32, hidden: i32,
): void {
  const g4 = 4 * hidden;
  const h4 = hidden & ~3;
  memory.fill(dh0, 0, <usize>(batch * hidden) << 2);
  memory.fill(dc0, 0, <usize>(batch * hidden) << 2);
  const one = f32x4.splat(1);
  for (let t = steps - 1; t >= 0; t--) {
    const dgt = at(dGates, t * batch * g4);
    for (let b = 0; b < batch; b++) {
      const dhb = at(dh0, b * hidden); // carry in: dL/dh_t from step t+1; out: set below
      const dcb = at(dc0, b * hidden);
      const dhs = at(dhSeq, (t * batch + b) * hidden);
      const dcs = at(dcSeq, (t * batch + b) * hidden);
      const dgb = at(dgt, b * g4);
      if (load<f32>(at(mask, t * batch + b)) == 0) {
        // Carried state: gradients pass straight through to step t-1.
        for (let j = 0; j < hidden; j++) {
          store<f32>(at(dhb, j), load<f32>(at(dhb, j)) + load<f32>(at(dhs, j)));
          store<f32>(at(dcb, j), load<f32>(at(dcb, j)) + load<f32>(at(dcs, j)));
        }
        memory.fill(dgb, 0, <usize>g4 << 2);
        continue;
      }
      const gb = at(gates, (t * batch + b) * g4);
      const cb = at(cSeq, (t * batch + b) * hidden);
      const cp = t == 0 ? at(c0, b * hidden) : at(cSeq, ((t - 1) * batch + b) * hidden);
      let j = 0;
      for (; j < h4; j += 4) {
        const i = v128.load(at(gb, j));
        const f = v128.load(at(gb, hidden + j));
        const g = v128.load(at(gb, 2 * hidden + j));
        const o = v128.load(at(gb, 3 * hidden + j));
        const dh = flushTinyF32x4(f32x4.add(v128.load(at(dhb, j)), v128.load(at(dhs, j))));
        const tc = tanhF32x4(v128.load(at(cb, j)));
        let dc = f32x4.add(v128.load(at(dcb, j)), v128.load(at(dcs, j)));
        dc = flushTinyF32x4(f32x4.add(dc, f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one, f32x4.mul(tc, tc)))));
        const dO = f32x4.mul(dh, tc);
        const dI = f32x4.mul(dc, g);
        const dG = f32x4.mul(dc, i);
        const dF = f32x4.mul(dc, v128.load(at(cp, j)));
        // Flushed: tiny gradients decaying through time would turn denormal (see simd_math).
        v128.store(at(dgb, j), flushTinyF32x4(f32x4.mul(dI, f32x4.mul(i, f32x4.sub(one, i)))));
        v128.store(at(dgb, hidden + j), flushTinyF32x4(f32x4.mul(dF, f32x4.mul(f, f32x4.sub(one, f)))));
        v128.store(at(dgb, 2 * hidden + j), flushTinyF32x4(f32x4.mul(dG, f32x4.sub(one, f32x4.mul(g, g)))));
        v128.store(at(dgb, 3 * hidden + j), flushTinyF32x4(f32x4.mul(dO, f32x4.mul(o, f32x4.sub(one, o)))));
        v128.store(at(dcb, j), flushTinyF32x4(f32x4.mul(dc, f)));
        v128.store(at(dhb, j), f32x4.splat(0)); // filled by the gemm below
      }
      for (; j < hidden; j++) {
        const i = load<f32>(at(gb, j));
        const f = load<f32>(at(gb, hidden + j));
        const g = load<f32>(at(gb, 2 * hidden + j));
        const o = load<f32>(at(gb, 3 * hidden + j));
        const dh = flushTinyF32(load<f32>(at(dhb, j)) + load<f32>(at(dhs, j)));
        const tc = tanhF32(load<f32>(at(cb, j)));
        const dc = flushTinyF32(load<f32>(at(dcb, j)) + load<f32>(at(dcs, j)) + dh * o * (1 - tc * tc));
        store<f32>(at(dgb, j), flushTinyF32(dc * g * i * (1 - i)));
        store<f32>(at(dgb, hidden + j), flushTinyF32(dc * load<f32>(at(cp, j)) * f * (1 - f)));
        store<f32>(at(dgb, 2 * hidden + j), flushTinyF32(dc * i * (1 - g * g)));
        store<f32>(at(dgb, 3 * hidden + j), flushTinyF32(dh * tc * o * (1 - o)));
        store<f32>(at(dcb, j), flushTinyF32(dc * f));
        store<f32>(at(dhb, j), 0);
      }
    }
    // dL/dh_{t-1} += dGates_t · W_hh  (masked rows have zero dGates: their carry stays).
    gemm(dgt, w, dh0, batch, hidden, g4, g4, 1, hidden, hidden, 1);
  }
}
