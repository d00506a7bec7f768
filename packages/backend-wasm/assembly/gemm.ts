// C[m, n] (+)= A[m, k] · B[k, n], float32.
//
// A is addressed by strides, so a transposed A costs nothing: element (i, p) is at
// a[i·aRow + p·aCol] (row-major A: aRow = k, aCol = 1; Aᵀ stored as [k, m]: aRow = 1,
// aCol = m). B and C are row-major with leading dimensions ldb, ldc (in floats).
//
// A 4x8 register-blocked micro-kernel: per step of k it loads 8 floats of B and 4 of A and
// does 32 multiply-adds in 8 accumulators that stay in registers. WASM SIMD128 has no FMA,
// so each multiply-add is a mul + add.

// @ts-ignore: decorator
@inline
function f(ptr: usize, index: i32): usize {
  return ptr + (<usize>index << 2);
}

// Cache blocking: a KC x NC panel of B (256 x 512 floats = 512 KB) stays in L2 while every
// 4-row strip of A sweeps it; without it, large products stream all of B from memory once
// per strip and run several times slower.
const KC: i32 = 256;
const NC: i32 = 512;

/** Floats a `pack` buffer of gemmPacked must hold: one B panel (KC x NC) + one A strip (4 x KC). */
export const PACK_FLOATS: i32 = KC * NC + 4 * KC;

/**
 * @param accumulate 0: C = A·B; 1: C += A·B
 */
export function gemm(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32,
  accumulate: i32,
): void {
  gemmPacked(a, b, c, m, n, k, aRow, aCol, ldb, ldc, accumulate, 0);
}

/**
 * gemm, packing each KC x NC panel of B into 8-column strips (contiguous, read at unit
 * stride by the micro-kernel) and each 4-row strip of A into [k][4], when `pack` (PACK_FLOATS
 * floats of scratch) is given; 0 = read A and B in place. For large products B's rows are a
 * power-of-two stride apart (2-4 KB at n = 512-1024): unpacked, the panel's rows collide in
 * the same cache sets and a transposed A is read 4 floats per cache line. Packing does not
 * change the summation order, so packed and unpacked results are bit-identical.
 */
export function gemmPacked(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32,
  accumulate: i32, pack: usize,
): void {
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(f(c, i * ldc), 0, <usize>n << 2);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nb = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kb = min(KC, k - pc);
      const acc = pc > 0 ? 1 : accumulate;
      if (pack) {
        gemmBlockPacked(
          f(a, pc * aCol), f(b, pc * ldb + jc), f(c, jc),
          m, nb, kb, aRow, aCol, ldb, ldc, acc, pack,
        );
      } else {
        gemmBlock(f(a, pc * aCol), f(b, pc * ldb + jc), f(c, jc), m, nb, kb, aRow, aCol, ldb, ldc, acc);
      }
    }
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

/** gemmBlock on packed panels: B strips [n/8][k][8] at pack + 4·KC floats, A strip [k][4] at pack. */
function gemmBlockPacked(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, ldb: i32, ldc: i32,
  accumulate: i32, pack: usize,
): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const pa = pack;
  const pb = f(pack, 4 * KC);
  const stripBytes = <usize>k << 5; // k rows of 8 floats
  const rowB = <usize>ldb << 2;
  for (let s = 0; s < n8; s += 8) {
    let src = f(b, s);
    let dst = pb + <usize>(s >> 3) * stripBytes;
    for (let p = 0; p < k; p++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      src += rowB;
      dst += 32;
    }
  }
  for (let i = 0; i < m4; i += 4) {
    if (aRow == 1) {
      // Aᵀ: the strip's 4 values of each p are adjacent.
      for (let p = 0; p < k; p++) v128.store(pa + (<usize>p << 4), v128.load(f(a, i + p * aCol)));
    } else {
      for (let p = 0; p < k; p++) {
        for (let r = 0; r < 4; r++) store<f32>(pa + (<usize>(p * 4 + r) << 2), load<f32>(f(a, (i + r) * aRow + p * aCol)));
      }
    }
    for (let s = 0; s < n8; s += 8) {
      tile4x8(pa, pb + <usize>(s >> 3) * stripBytes, f(c, i * ldc + s), 0, 0, k, 1, 4, 8, ldc, accumulate);
    }
    for (let j = n8; j < n; j++) {
      for (let r = 0; r < 4; r++) scalarDot(a, b, c, i + r, j, k, aRow, aCol, ldb, ldc, accumulate);
    }
  }
  for (let i = m4; i < m; i++) {
    for (let s = 0; s < n8; s += 8) {
      tile1x8(a, pb + <usize>(s >> 3) * stripBytes, f(c, s), i, 0, k, aRow, aCol, 8, ldc, accumulate);
    }
    for (let j = n8; j < n; j++) scalarDot(a, b, c, i, j, k, aRow, aCol, ldb, ldc, accumulate);
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
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
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
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(pb)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(pb, 16)));
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
 * `pack`: scratch of PACK_FLOATS floats to pack panels into (see gemmPacked), or 0.
 */
export function batchMatMul(
  a: usize, b: usize, c: usize,
  batch: i32, m: i32, n: i32, k: i32,
  aBatch: i32, bBatch: i32, aRow: i32, aCol: i32, pack: usize,
): void {
  for (let i = 0; i < batch; i++) {
    gemmPacked(
      f(a, i * aBatch), f(b, i * bBatch), f(c, i * m * n),
      m, n, k, aRow, aCol, n, n, 0, pack,
    );
  }
}

/** PACK_FLOATS, for the JS side's scratch allocation. */
export function gemmPackFloats(): i32 {
  return PACK_FLOATS;
}
