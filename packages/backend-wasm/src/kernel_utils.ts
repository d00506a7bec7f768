// Small helpers shared by the kernels in kernels/.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { type SimdKernels, simdKernelsFor } from './simd_kernels.js';

/**
 * Byte offset of a tensor's data in the wasm heap. Offset 0 is malloc's "no memory": the
 * heap hit its maximum (2 GiB single-threaded, 4 GiB threaded). Writing there would corrupt
 * the heap, so this throws a clear error instead.
 */
export function offsetOf(backend: BackendWasm, t: TensorInfo): number {
  const offset = backend.dataIdMap.get(t.dataId)!.memoryOffset;
  if (offset === 0 && util.sizeFromShape(t.shape) > 0) {
    const mb = (tf.memory().numBytes / 2 ** 20).toFixed(0);
    throw new Error(
      `@tfnlp/backend-wasm: the wasm heap is full (${mb} MiB in live tensors) and could not hold a ` +
        `[${t.shape}] tensor. Use a smaller batch or sequence length, or dispose tensors (tf.tidy).`,
    );
  }
  return offset;
}

/** Runs another registered wasm kernel from inside a kernel. */
export function runWasmKernel(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined)
    throw new Error(`@tfnlp/backend-wasm: wasm kernel '${name}' is not registered.`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as never }) as TensorInfo;
}

/** The SIMD kernels, or a clear error where the backend's memory cannot be shared. */
export function requireSimdKernels(backend: BackendWasm, kernelName: string): SimdKernels {
  const kernels = simdKernelsFor(backend);
  if (kernels === null) {
    throw new Error(
      `${kernelName}: this wasm backend does not expose its memory, so the fused kernel cannot run. ` +
        'Use the unfused layer path (the layers fall back automatically when the kernel is missing).',
    );
  }
  return kernels;
}

export function assertFloat32(kernelName: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== 'float32')
      throw new Error(`${kernelName}: input '${name}' must be float32, got ${t.dtype}.`);
  }
}
