// Scaled dot-product attention, fused and memory-lean: per (batch·head) the [Tq, Tk] score
// matrix lives only in a scratch buffer; the forward keeps just the output and two numbers per
// query row (row max, 1 / row sum), and the backward recomputes the probabilities. The
// unfused graph kept ~3 [B, h, T, T] tensors per layer for the tape (a 6-layer encoder at
// B32 T256 overflowed the 2 GiB wasm heap). Products go through the SIMD GEMM.
//
//   S = scale · Q·Kᵀ + bias,  P = softmax(S),  P̃ = P ∘ dropout mask,  O = P̃·V
// Dropout uses the counter hash of dropout.ts on the flat index (bh·Tq + i)·Tk + j, so the
// backward regenerates exactly the forward's mask from the seed.
import { gemm } from './gemm';
import { expF32x4 } from './simd_math';

// @ts-ignore: decorator
@inline
function at(ptr: usize, index: i32): usize {
  return ptr + (<usize>index << 2);
}

// @ts-ignore: decorator
@inline
function keep(seed: u32, index: u32, threshold: u32, scale: f32): f32 {
  let h: u32 = seed + index * 0x9e3779b9;
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h >= threshold ? scale : 0;
}

/** keep() for the four indices index..index+3 (the same hash, lane by lane). */
// @ts-ignore: decorator
@inline
function keep4(seed: u32, index: u32, threshold: u32, scale: f32): v128 {
  const idx = i32x4.add(i32x4.splat(<i32>index), i32x4(0, 1, 2, 3));
  let h = i32x4.add(i32x4.splat(<i32>seed), i32x4.mul(idx, i32x4.splat(<i32>0x9e3779b9)));
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(<i32>0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(<i32>0xc2b2ae35));
  h = v128.xor(h, i32x4.shr_u(h, 16));
  return v128.and(i32x4.ge_u(h, i32x4.splat(<i32>threshold)), f32x4.splat(scale));
}

/** dst [cols, rows] = srcᵀ, src [rows, cols]. */
function transposeInto(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(at(dst, c * rows + r), load<f32>(at(src, r * cols + c)));
  }
}

/**
 * row[j] = exp(scale·row[j] + bias[j] - max) · dropout keep (unnormalised); writes (max, 1 / Σ exp)
 * to stats. The caller scales the product P̃·V by 1 / Σ instead of normalising every P entry:
 * one pass over the [Tq, Tk] scores fewer.
 */
function softmaxRow(
  row: usize, bias: usize, tk: i32, scale: f32, stats: usize,
  seed: u32, base: u32, threshold: u32, keepScale: f32,
): void {
  const tk4 = tk & ~3;
  const sc = f32x4.splat(scale);
  let mx = f32x4.splat(-Infinity);
  let j = 0;
  for (; j < tk4; j += 4) {
    let x = f32x4.mul(v128.load(at(row, j)), sc);
    if (bias) x = f32x4.add(x, v128.load(at(bias, j)));
    v128.store(at(row, j), x);
    mx = f32x4.pmax(mx, x); // one maxps; f32x4.max's NaN handling costs ~8 instructions in V8
  }
  let rowMax: f32 = Mathf.max(
    Mathf.max(f32x4.extract_lane(mx, 0), f32x4.extract_lane(mx, 1)),
    Mathf.max(f32x4.extract_lane(mx, 2), f32x4.extract_lane(mx, 3)),
  );
  for (; j < tk; j++) {
    const x = load<f32>(at(row, j)) * scale + (bias ? load<f32>(at(bias, j)) : 0);
    store<f32>(at(row, j), x);
    if (x > rowMax) rowMax = x;
  }
  let sum: f32 = 0;
  const m = f32x4.splat(rowMax);
  j = 0;
  let acc = f32x4.splat(0);
  for (; j < tk4; j += 4) {
    const e = expF32x4(f32x4.sub(v128.load(at(row, j)), m));
    acc = f32x4.add(acc, e);
    v128.store(at(row, j), threshold ? f32x4.mul(e, keep4(seed, base + <u32>j, threshold, keepScale)) : e);
  }
  sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; j < tk; j++) {
    const e = f32x4.extract_lane(expF32x4(f32x4.splat(load<f32>(at(row, j)) - rowMax)), 0);
    sum += e;
    store<f32>(at(row, j), threshold ? e * keep(seed, base + <u32>j, threshold, keepScale) : e);
  }
  store<f32>(stats, rowMax);
  store<f32>(stats, 1 / sum, 4);
}

/** row[c] *= s for c < n. */
function scaleRow(row: usize, n: i32, s: f32): void {
  const n4 = n & ~3;
  const s4 = f32x4.splat(s);
  let c = 0;
  for (; c < n4; c += 4) v128.store(at(row, c), f32x4.mul(v128.load(at(row, c)), s4));
  for (; c < n; c++) store<f32>(at(row, c), load<f32>(at(row, c)) * s);
}

/**
 * @param q      [BH, Tq, d]     @param k [BH, Tk, d]     @param v [BH, Tk, dv]
 * @param bias   [B, biasRows, Tk] additive (0 or -inf-like), biasRows 1 or Tq; 0 = none
 * @param out    [BH, Tq, dv]    @param stats [BH, Tq, 2] (row max, 1 / row sum)
 * @param scratch d·Tk + Tq·Tk floats
 */
export function attentionForward(
  q: usize, k: usize, v: usize, bias: usize, out: usize, stats: usize, scratch: usize,
  bh: i32, heads: i32, tq: i32, tk: i32, d: i32, dv: i32, biasRows: i32, scale: f32,
  seed: u32, threshold: u32, keepScale: f32,
): void {
  const kt = scratch; // [d, Tk]
  const s = at(scratch, d * tk); // [Tq, Tk]
  for (let n = 0; n < bh; n++) {
    transposeInto(at(k, n * tk * d), kt, tk, d);
    gemm(at(q, n * tq * d), kt, s, tq, tk, d, d, 1, tk, tk, 0);
    const biasBase = biasRows ? at(bias, ((n / heads) * biasRows) * tk) : 0;
    for (let i = 0; i < tq; i++) {
      const brow = biasRows ? at(biasBase, (biasRows == 1 ? 0 : i) * tk) : 0;
      const st = at(stats, (n * tq + i) * 2);
      softmaxRow(at(s, i * tk), brow, tk, scale, st, seed, <u32>((n * tq + i) * tk), threshold, keepScale);
    }
    const on = at(out, n * tq * dv);
    gemm(s, at(v, n * tk * dv), on, tq, dv, tk, tk, 1, dv, dv, 0);
    for (let i = 0; i < tq; i++) scaleRow(at(on, i * dv), dv, load<f32>(at(stats, (n * tq + i) * 2), 4));
  }
}

/**
 * @param dO     [BH, Tq, dv]    gradients of out
 * @param dq     [BH, Tq, d]     @param dk [BH, Tk, d]     @param dvOut [BH, Tk, dv]
 * @param scratch d·Tk + dv·Tk + 2·Tq·Tk floats
 */
export function attentionBackward(
  q: usize, k: usize, v: usize, bias: usize, out: usize, stats: usize, dO: usize,
  dq: usize, dk: usize, dvOut: usize, scratch: usize,
  bh: i32, heads: i32, tq: i32, tk: i32, d: i32, dv: i32, biasRows: i32, scale: f32,
  seed: u32, threshold: u32, keepScale: f32,
): void {
  const kt = scratch; // [d, Tk]
  const vt = at(scratch, d * tk); // [dv, Tk]
  const p = at(vt, dv * tk); // [Tq, Tk]: P, then P̃
  const dp = at(p, tq * tk); // [Tq, Tk]: dP̃, then dS (scale folded in)
  for (let n = 0; n < bh; n++) {
    const qn = at(q, n * tq * d);
    const kn = at(k, n * tk * d);
    const dOn = at(dO, n * tq * dv);
    // Recompute P.
    transposeInto(kn, kt, tk, d);
    gemm(qn, kt, p, tq, tk, d, d, 1, tk, tk, 0);
    const biasBase = biasRows ? at(bias, ((n / heads) * biasRows) * tk) : 0;
    // dP̃ = dO·Vᵀ
    transposeInto(at(v, n * tk * dv), vt, tk, dv);
    gemm(dOn, vt, dp, tq, tk, dv, dv, 1, tk, tk, 0);
    for (let i = 0; i < tq; i++) {
      const row = at(p, i * tk);
      const drow = at(dp, i * tk);
      const brow = biasRows ? at(biasBase, (biasRows == 1 ? 0 : i) * tk) : 0;
      const st = at(stats, (n * tq + i) * 2);
      const max = load<f32>(st);
      const inv = load<f32>(st, 4);
      // D_i = dO_i · O_i = Σ_j P_ij · dA_ij
      let dot: f32 = 0;
      const oi = at(out, (n * tq + i) * dv);
      const doi = at(dOn, i * dv);
      for (let c = 0; c < dv; c++) dot += load<f32>(at(oi, c)) * load<f32>(at(doi, c));
      const base = <u32>((n * tq + i) * tk);
      const tk4 = tk & ~3;
      const sc = f32x4.splat(scale);
      const mx = f32x4.splat(max);
      const inv4 = f32x4.splat(inv);
      const dot4 = f32x4.splat(dot);
      let j = 0;
      for (; j < tk4; j += 4) {
        let x = f32x4.mul(v128.load(at(row, j)), sc);
        if (brow) x = f32x4.add(x, v128.load(at(brow, j)));
        const pij = f32x4.mul(expF32x4(f32x4.sub(x, mx)), inv4);
        const dA = v128.load(at(drow, j));
        if (threshold) {
          const mask = keep4(seed, base + <u32>j, threshold, keepScale);
          v128.store(at(drow, j), f32x4.mul(f32x4.mul(pij, f32x4.sub(f32x4.mul(dA, mask), dot4)), sc));
          v128.store(at(row, j), f32x4.mul(pij, mask));
        } else {
          v128.store(at(drow, j), f32x4.mul(f32x4.mul(pij, f32x4.sub(dA, dot4)), sc));
          v128.store(at(row, j), pij);
        }
      }
      for (; j < tk; j++) {
        const x = load<f32>(at(row, j)) * scale + (brow ? load<f32>(at(brow, j)) : 0);
        const pij = f32x4.extract_lane(expF32x4(f32x4.splat(x - max)), 0) * inv;
        const mask: f32 = threshold ? keep(seed, base + <u32>j, threshold, keepScale) : 1;
        store<f32>(at(drow, j), pij * (load<f32>(at(drow, j)) * mask - dot) * scale);
        store<f32>(at(row, j), pij * mask);
      }
    }
    // dV = P̃ᵀ·dO, dQ = dS·K, dK = dSᵀ·Q   (Aᵀ through strides)
    gemm(p, dOn, at(dvOut, n * tk * dv), tk, dv, tq, 1, tk, dv, dv, 0);
    gemm(dp, kn, at(dq, n * tq * d), tq, d, tk, tk, 1, d, d, 0);
    gemm(dp, qn, at(dk, n * tk * d), tk, d, tq, 1, tk, d, d, 0);
  }
}
