// TfnlpGelu: GELU in one SIMD pass (assembly/gelu.ts), PyTorch's two forms.
//
//   inputs  x [...]
//   attrs   approximate: 'none' (erf, exact) | 'tanh'
//   outputs y [...]
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const GELU = 'TfnlpGelu';

/** PyTorch's GELU forms: 'none' (exact, with erf) or 'tanh' (the tanh approximation). */
export type GeluApproximate = 'none' | 'tanh';

export interface GeluAttrs {
  approximate: GeluApproximate;
}

/** 1 for the tanh form, 0 for erf; throws for anything else. */
export function geluForm(name: string, approximate: unknown): number {
  if (approximate === 'none') return 0;
  if (approximate === 'tanh') return 1;
  throw new Error(`${name}: approximate must be 'none' or 'tanh', got '${String(approximate)}'.`);
}

function gelu(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: GeluAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  assertFloat32(GELU, inputs);
  const { x } = inputs as Record<'x', TensorInfo>;
  const form = geluForm(GELU, attrs.approximate);
  const y = backend.makeOutput(x.shape, 'float32');
  const simd = requireSimdKernels(backend, GELU);
  simd.geluForward(offsetOf(backend, x), offsetOf(backend, y), util.sizeFromShape(x.shape), form);
  return y;
}

export const geluConfig: KernelConfig = {
  kernelName: GELU,
  backendName: 'wasm',
  kernelFunc: gelu as unknown as KernelFunc,
};
