// C[m, n] (+)= A[m, k] · B[k, n], float32.
//
// A is addressed by strides, so a transposed A costs nothing: element (i, p) is at
// a[i·aRow + p·aCol] (row-major A: aRow = k, aCol = 1; Aᵀ stored as [k, m]: aRow = 1,
// aCol = m). B and C are row-major with leading dimensions ldb, ldc (in floats).
//
// A 4x8 register-blocked micro-kernel: per step of k it loads 8 floats of B and 4 of A and
// does 32 multiply-adds in 8 accumulators that stay in registers. Plain WASM SIMD128 has no
// FMA, so each multiply-add is a mul + add; the build also compiles this file with relaxed
// SIMD, where `madd` is one fused f32x4.relaxed_madd (an FMA on x86 and ARM), and the loader
// picks that build where the engine validates it. (A 6x8 tile measured slower: V8 spills.)

// @ts-ignore: decorator
@inline
function f(ptr: usize, index: i32): usize {
  return ptr + (<usize>index << 2);
}

/** c + a·b, fused where the build has relaxed SIMD (a compile-time branch). */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// Cache blocking: a KC x NC panel of B (256 x 512 floats = 512 KB) stays in L2 while every
// 4-row strip of A sweeps it; without it, large products stream all of B from memory once
// per strip and run several times slower.
const KC: i32 = 256;
const NC: i32 = 512;

// Packing: each 8-column strip of the B panel is copied to contiguous [kb, 8] floats and each
// 4-row tile of A to [kb, 4], so the micro-kernel walks memory linearly. Unpacked, rows of B
// (and columns of a transposed A) 2 or 4 KB apart map to the same L1 sets and evict each
// other: 512- and 1024-wide products ran several times slower than 256-wide ones.
// The scratch lives in tfjs's heap (one malloc per kernel instance, see simd_kernels.ts);
// 0 = not set, use the unpacked path.
let packB: usize = 0; // KC·NC floats
let packA: usize = 0; // KC·4 floats

/** Bytes of scratch `setGemmScratch` needs. */
export function gemmScratchBytes(): i32 {
  return (KC * NC + KC * 4) << 2;
}

/** Gives the GEMM its packing scratch (gemmScratchBytes() bytes, owned by the caller). */
export function setGemmScratch(ptr: usize): void {
  packB = ptr;
  packA = ptr + (<usize>(KC * NC) << 2);
}

/**
 * @param accumulate 0: C = A·B; 1: C += A·B
 */
export function gemm(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32,
  accumulate: i32,
): void {
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(f(c, i * ldc), 0, <usize>n << 2);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nb = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kb = min(KC, k - pc);
      const blockA = f(a, pc * aCol);
      const blockB = f(b, pc * ldb + jc);
      const acc = pc > 0 ? 1 : accumulate;
      // Packing pays off once its copies are reused by several tiles.
      if (packB != 0 && m >= 8 && nb >= 16) {
        gemmBlockPacked(blockA, blockB, f(c, jc), m, nb, kb, aRow, aCol, ldb, ldc, acc);
      } else {
        gemmBlock(blockA, blockB, f(c, jc), m, nb, kb, aRow, aCol, ldb, ldc, acc);
      }
    }
  }
}

/** gemmBlock on packed copies of B's 8-column strips and A's 4-row tiles (same sums, same order). */
function gemmBlockPacked(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32,
  accumulate: i32,
): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowB = <usize>ldb << 2;
  for (let s = 0; s < n8; s += 8) {
    let dst = packB + (<usize>(s * k) << 2);
    let src = f(b, s);
    for (let p = 0; p < k; p++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      dst += 32;
      src += rowB;
    }
  }
  const rowA = <usize>aRow << 2;
  const stepA = <usize>aCol << 2;
  for (let i = 0; i < m4; i += 4) {
    let dst = packA;
    let src = f(a, i * aRow);
    if (aRow == 1) {
      // Aᵀ: the tile's 4 values of each p are adjacent, one vector load.
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(src));
        dst += 16;
        src += stepA;
      }
    } else {
      for (let p = 0; p < k; p++) {
        store<f32>(dst, load<f32>(src));
        store<f32>(dst, load<f32>(src + rowA), 4);
        store<f32>(dst, load<f32>(src + 2 * rowA), 8);
        store<f32>(dst, load<f32>(src + 3 * rowA), 12);
        dst += 16;
        src += stepA;
      }
    }
    const ci = f(c, i * ldc);
    for (let s = 0; s < n8; s += 8) {
      tile4x8(packA, packB + (<usize>(s * k) << 2), f(ci, s), 0, 0, k, 1, 4, 8, ldc, accumulate);
    }
    for (let j = n8; j < n; j++) {
      for (let r = 0; r < 4; r++) scalarDot(a, b, c, i + r, j, k, aRow, aCol, ldb, ldc, accumulate);
    }
  }
  for (let i = m4; i < m; i++) {
    for (let s = 0; s < n8; s += 8) {
      tile1x8(a, packB + (<usize>(s * k) << 2), f(c, s), i, 0, k, aRow, aCol, 8, ldc, accumulate);
    }
    for (let j = n8; j < n; j++) scalarDot(a, b, c, i, j, k, aRow, aCol, ldb, ldc, accumulate);
  }
}

function gemmBlock(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32,
  accumulate: i32,
): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  for (let i = 0; i < m4; i += 4) {
    let j = 0;
    for (; j < n8; j += 8) tile4x8(a, b, c, i, j, k, aRow, aCol, ldb, ldc, accumulate);
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) scalarDot(a, b, c, i + r, j, k, aRow, aCol, ldb, ldc, accumulate);
    }
  }
  for (let i = m4; i < m; i++) {
    let j = 0;
    for (; j < n8; j += 8) tile1x8(a, b, c, i, j, k, aRow, aCol, ldb, ldc, accumulate);
    for (; j < n; j++) scalarDot(a, b, c, i, j, k, aRow, aCol, ldb, ldc, accumulate);
  }
}

// @ts-ignore: decorator
@inline
function tile4x8(
  a: usize, b: usize, c: usize, i: i32, j: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32, accumulate: i32,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = f(a, i * aRow);
  const rowA = <usize>aRow << 2;
  const stepA = <usize>aCol << 2;
  let pb = f(b, j);
  const rowB = <usize>ldb << 2;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    const a1 = v128.load32_splat(pa + rowA);
    const a2 = v128.load32_splat(pa + 2 * rowA);
    const a3 = v128.load32_splat(pa + 3 * rowA);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
    pa += stepA;
    pb += rowB;
  }
  const rowC = <usize>ldc << 2;
  const pc = f(c, i * ldc + j);
  store8(pc, c00, c01, accumulate);
  store8(pc + rowC, c10, c11, accumulate);
  store8(pc + 2 * rowC, c20, c21, accumulate);
  store8(pc + 3 * rowC, c30, c31, accumulate);
}

// @ts-ignore: decorator
@inline
function tile1x8(
  a: usize, b: usize, c: usize, i: i32, j: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32, accumulate: i32,
): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let pa = f(a, i * aRow);
  const stepA = <usize>aCol << 2;
  let pb = f(b, j);
  const rowB = <usize>ldb << 2;
  for (let p = 0; p < k; p++) {
    const a0 = v128.load32_splat(pa);
    c0 = madd(a0, v128.load(pb), c0);
    c1 = madd(a0, v128.load(pb, 16), c1);
    pa += stepA;
    pb += rowB;
  }
  store8(f(c, i * ldc + j), c0, c1, accumulate);
}

// @ts-ignore: decorator
@inline
function store8(pc: usize, v0: v128, v1: v128, accumulate: i32): void {
  if (accumulate) {
    v0 = f32x4.add(v0, v128.load(pc));
    v1 = f32x4.add(v1, v128.load(pc, 16));
  }
  v128.store(pc, v0);
  v128.store(pc, v1, 16);
}

// @ts-ignore: decorator
@inline
function scalarDot(
  a: usize, b: usize, c: usize, i: i32, j: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32, accumulate: i32,
): void {
  let sum: f32 = 0;
  for (let p = 0; p < k; p++) sum += load<f32>(f(a, i * aRow + p * aCol)) * load<f32>(f(b, p * ldb + j));
  const pc = f(c, i * ldc + j);
  store<f32>(pc, accumulate ? load<f32>(pc) + sum : sum);
}

/**
 * C[i] = A[i]·B[i] for i < batch (C is [batch, m, n], row-major). A batch stride of 0
 * broadcasts that operand. A is addressed by strides as in gemm; B row-major [k, n].
 */
export function batchMatMul(
  a: usize, b: usize, c: usize,
  batch: i32, m: i32, n: i32, k: i32,
  aBatch: i32, bBatch: i32, aRow: i32, aCol: i32,
): void {
  for (let i = 0; i < batch; i++) {
    gemm(
      f(a, i * aBatch), f(b, i * bBatch), f(c, i * m * n),
      m, n, k, aRow, aCol, n, n, 0,
    );
  }
}
