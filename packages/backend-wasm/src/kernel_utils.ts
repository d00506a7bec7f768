// Small helpers shared by the kernels in kernels/.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getKernel, type TensorInfo } from '@tensorflow/tfjs-core';
import { type SimdKernels, simdKernelsFor } from './simd_kernels.js';

/** Byte offset of a tensor's data in the wasm heap. */
export function offsetOf(backend: BackendWasm, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset;
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
