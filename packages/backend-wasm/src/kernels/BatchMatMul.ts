// BatchMatMul for the wasm backend on this package's SIMD GEMM (assembly/gemm.ts), for
// every transpose flag and batch shape.
//
// Stock tfjs-backend-wasm 4.22 uses XNNPACK only for one [m, k] @ [k, n] product without
// transposes; anything else — every backward pass, every attention score — falls to a
// scalar loop at ~2 GFLOP/s. Here Aᵀ is read through strides, Bᵀ is materialised with the
// stock Transpose kernel (a copy, cheap next to the O(m·k·n) product), and the batch loop
// runs inside wasm. Broadcast patterns other than "one side has batch 1" keep the stock kernel.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  util,
} from '@tensorflow/tfjs-core';
import { offsetOf, runWasmKernel } from '../kernel_utils.js';
import { simdKernelsFor } from '../simd_kernels.js';
import { runStockKernel } from '../stock_kernels.js';

/**
 * FLOPs (2·m·n·k) of one product from which the GEMM packs its panels (assembly/gemm.ts).
 * Mutable for tests and A/B benchmarks only (Infinity = never pack, 0 = always).
 */
export const gemmPacking = { minFlops: 2 * 128 ** 3 };

/** [..., r, c] -> [..., c, r] as a new tensor (the caller disposes it). */
function transposeLastTwo(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return runWasmKernel(Transpose, backend, { x }, { perm });
}

function batchMatMul(args: {
  inputs: BatchMatMulInputs;
  backend: BackendWasm;
  attrs: BatchMatMulAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const { transposeA, transposeB } = attrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(
      `BatchMatMul on wasm supports float32 only; got ${a.dtype} and ${b.dtype}. Cast first.`,
    );
  }
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const m = transposeA ? a.shape[rankA - 1]! : a.shape[rankA - 2]!;
  const kA = transposeA ? a.shape[rankA - 2]! : a.shape[rankA - 1]!;
  const kB = transposeB ? b.shape[rankB - 1]! : b.shape[rankB - 2]!;
  const n = transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
  util.assert(
    kA === kB,
    () =>
      `Error in matMul: inner shapes (${kA}) and (${kB}) of Tensors with shapes ${a.shape} and ` +
      `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  );
  const k = kA;
  const outBatchShape = broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const batch = util.sizeFromShape(outBatchShape);
  const outShape = [...outBatchShape, m, n];

  const simd = simdKernelsFor(backend);
  const foldable = batchB === 1 || batchA === 1 || batchA === batchB;
  if (!foldable || simd === null) {
    return runStockKernel(BatchMatMul, { inputs: { a, b }, backend, attrs: attrs as never });
  }

  // Bᵀ is materialised (a copy, O(k·n)); Aᵀ is read through strides.
  const b2 = transposeB ? transposeLastTwo(b, backend) : b; // [batchB, k, n]
  const out = backend.makeOutput(outShape, 'float32');
  const at = (t: TensorInfo) => offsetOf(backend, t);
  if (m * n * k > 0) {
    // Packing B's panels (and A's strips) pays for large products; below, the copy costs more
    // than the strided reads it saves.
    const pack =
      m >= 8 && n >= 8 && 2 * m * n * k >= gemmPacking.minFlops
        ? backend.makeOutput([simd.gemmPackFloats()], 'float32')
        : null;
    simd.batchMatMul(
      at(a),
      at(b2),
      at(out),
      batch,
      m,
      n,
      k,
      batchA === 1 ? 0 : m * k,
      batchB === 1 ? 0 : k * n,
      transposeA ? 1 : k,
      transposeA ? m : 1,
      pack === null ? 0 : at(pack),
    );
    if (pack !== null) backend.disposeData(pack.dataId);
  } else {
    backend.typedArrayFromHeap(out).fill(0);
  }
  if (b2 !== b) backend.disposeData(b2.dataId);
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
