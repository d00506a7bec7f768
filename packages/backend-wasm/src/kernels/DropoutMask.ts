// TfnlpDropoutMask: an inverted-dropout mask [shape] of 0 and 1/(1-rate), from a 32-bit seed,
// in one SIMD pass (assembly/dropout.ts). No inputs; attrs { shape, rate, seed }.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const DROPOUT_MASK = 'TfnlpDropoutMask';

export interface DropoutMaskAttrs {
  shape: number[];
  /** Probability of dropping an element, in [0, 1). */
  rate: number;
  /** Unsigned 32-bit seed. */
  seed: number;
}

function dropoutMask(args: { backend: BackendWasm; attrs: DropoutMaskAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const { shape, rate, seed } = attrs;
  if (!(rate >= 0 && rate < 1))
    throw new Error(`${DROPOUT_MASK}: rate must be in [0, 1), got ${rate}.`);
  const out = backend.makeOutput(shape, 'float32');
  const size = util.sizeFromShape(shape);
  const threshold = Math.min(Math.floor(rate * 2 ** 32), 2 ** 32 - 1);
  requireSimdKernels(backend, DROPOUT_MASK).dropoutMask(
    offsetOf(backend, out),
    size,
    seed >>> 0,
    threshold,
    1 / (1 - rate),
  );
  return out;
}

export const dropoutMaskConfig: KernelConfig = {
  kernelName: DROPOUT_MASK,
  backendName: 'wasm',
  kernelFunc: dropoutMask as unknown as KernelFunc,
};
