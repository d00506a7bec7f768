// BatchMatMul for the wasm backend, routed through XNNPACK for every transpose flag and
// batch shape.
//
// Stock tfjs-backend-wasm 4.22 uses XNNPACK (25-30 GFLOP/s single thread) only for one
// [m, k] @ [k, n] product without transposes; anything else — every backward pass, every
// attention score — falls to a scalar loop at ~2 GFLOP/s. Here:
//   1. a transposed operand is materialised with the stock Transpose kernel (a copy,
//      O(size), cheap next to the O(m·k·n) product);
//   2. a shared right operand (batch 1) folds the batch into rows: one [batch·m, k] @ [k, n];
//   3. otherwise each batch is one XNNPACK call on views of the operands, registered with
//      the C++ side only (no allocation, no copy).
// Broadcast patterns other than "one side has batch 1" keep the stock kernel.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  broadcast_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  util,
} from '@tensorflow/tfjs-core';
import { runStockKernel } from '../stock_kernels.js';

type WasmBatchMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

/** The C++ entry point, bound once per backend. */
const bound = new WeakMap<BackendWasm, WasmBatchMatMul>();

function wasmBatchMatMul(backend: BackendWasm): WasmBatchMatMul {
  let fn = bound.get(backend);
  if (fn === undefined) {
    const module = backend.wasm as unknown as { cwrap: (...args: unknown[]) => unknown };
    fn = module.cwrap(BatchMatMul, null, [
      'number', // a id
      'array', // a shape (int32 bytes)
      'number', // a rank
      'number', // b id
      'array', // b shape
      'number', // b rank
      'number', // transpose a
      'number', // transpose b
      'number', // out id
    ]) as WasmBatchMatMul;
    bound.set(backend, fn);
  }
  return fn;
}

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

/** Runs another registered wasm kernel from inside this one. */
function runWasmKernel(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined)
    throw new Error(`BatchMatMul: wasm kernel '${name}' is not registered.`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as never }) as TensorInfo;
}

/** [..., r, c] -> [..., c, r] as a new tensor (the caller disposes it). */
function transposeLastTwo(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return runWasmKernel(Transpose, backend, { x }, { perm });
}

/** A C++-side alias of `size` floats at byte `offset`: no allocation, no JS bookkeeping. */
function registerView(backend: BackendWasm, offset: number, size: number): number {
  const id = (backend as unknown as { dataIdNextNumber: number }).dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, offset);
  return id;
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

  const foldable = batchB === 1 || batchA === 1 || batchA === batchB;
  if (!foldable)
    return runStockKernel(BatchMatMul, { inputs: { a, b }, backend, attrs: attrs as never });

  // 1. Plain row-major operands: a2 [batchA, m, k], b2 [batchB, k, n].
  const a2 = transposeA ? transposeLastTwo(a, backend) : a;
  const b2 = transposeB ? transposeLastTwo(b, backend) : b;
  const out = backend.makeOutput(outShape, 'float32');
  const run = wasmBatchMatMul(backend);
  const idOf = (t: TensorInfo) => backend.dataIdMap.get(t.dataId)!.id;
  const offsetOf = (t: TensorInfo) => backend.dataIdMap.get(t.dataId)!.memoryOffset;

  if (m * n * k > 0) {
    if (batchB === 1) {
      // 2. Shared right operand: the batch folds into rows.
      run(
        idOf(a2),
        shapeBytes([1, batchA * m, k]),
        3,
        idOf(b2),
        shapeBytes([1, k, n]),
        3,
        false,
        false,
        idOf(out),
      );
    } else {
      // 3. One XNNPACK product per batch, on C++-side views.
      const aBase = offsetOf(a2);
      const bBase = offsetOf(b2);
      const outBase = offsetOf(out);
      for (let i = 0; i < batch; i++) {
        const aId = registerView(backend, aBase + (batchA === 1 ? 0 : i * m * k * 4), m * k);
        const bId = registerView(backend, bBase + i * k * n * 4, k * n);
        const outId = registerView(backend, outBase + i * m * n * 4, m * n);
        run(aId, shapeBytes([1, m, k]), 3, bId, shapeBytes([1, k, n]), 3, false, false, outId);
        // Disposing the views drops XNNPACK's operator cached on bId; memory stays with the owners.
        backend.wasm.tfjs.disposeData(aId);
        backend.wasm.tfjs.disposeData(bId);
        backend.wasm.tfjs.disposeData(outId);
      }
    }
  } else {
    backend.typedArrayFromHeap(out).fill(0);
  }

  if (a2 !== a) backend.disposeData(a2.dataId);
  if (b2 !== b) backend.disposeData(b2.dataId);
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
