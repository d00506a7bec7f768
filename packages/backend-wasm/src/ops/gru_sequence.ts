import {
  engine,
  getKernel,
  type Tensor,
  type Tensor1D,
  type Tensor2D,
  type Tensor3D,
} from '@tensorflow/tfjs-core';
import { GRU_SEQUENCE } from '../kernels/GruSequence.js';

/**
 * One GRU direction over a whole sequence, as one fused kernel (forward and backward), in
 * PyTorch's equations (gates r, z, n). Differentiable with respect to every input but `mask`.
 *
 * @param xProj  [T, B, 3H]  time-major x·W_ihᵀ + b_ih
 * @param wHH    [3H, H]     PyTorch's `weight_hh_l0`
 * @param bHH    [3H]        PyTorch's `bias_hh_l0` (zeros without bias)
 * @param h0     [B, H]
 * @param mask   [T, B]      1 = real step, 0 = padding (state carried unchanged)
 * @returns hSeq [T, B, H]: the hidden state after every step
 */
export function gruSequence(
  xProj: Tensor3D,
  wHH: Tensor2D,
  bHH: Tensor1D,
  h0: Tensor2D,
  mask: Tensor2D,
): Tensor3D {
  const [hSeq, saved] = engine().runKernel(GRU_SEQUENCE, { xProj, wHH, bHH, h0, mask }) as Tensor[];
  saved!.dispose(); // kept by the tape for the backward pass when a gradient is recorded
  return hSeq as Tensor3D;
}

/** Whether the fused GRU kernel exists on the active backend (layers fall back if not). */
export function hasFusedGru(backendName: string): boolean {
  return getKernel(GRU_SEQUENCE, backendName) !== undefined;
}
