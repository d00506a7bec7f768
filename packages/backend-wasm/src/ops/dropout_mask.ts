import { engine, getKernel, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { DROPOUT_MASK } from '../kernels/DropoutMask.js';

/**
 * An inverted-dropout mask of `shape`: each element is 0 with probability `rate`, else
 * 1 / (1 - rate); `x * mask` is dropout. Counter-based hash of (seed, index): the same seed
 * gives the same mask on every run and platform. Needs no gradient (it depends on no input).
 */
export function dropoutMask(shape: number[], rate: number, seed: number): Tensor {
  return engine().runKernel(DROPOUT_MASK, {}, {
    shape,
    rate,
    seed,
  } as unknown as NamedAttrMap) as Tensor;
}

/** Whether the dropout-mask kernel exists on the active backend (layers fall back if not). */
export function hasDropoutMask(backendName: string): boolean {
  return getKernel(DROPOUT_MASK, backendName) !== undefined;
}
