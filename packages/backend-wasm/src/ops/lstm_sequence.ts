import {
  engine,
  getKernel,
  type Tensor,
  type Tensor2D,
  type Tensor3D,
} from '@tensorflow/tfjs-core';
import { LSTM_SEQUENCE } from '../kernels/LstmSequence.js';

/** Outputs of the fused LSTM sequence op. */
export interface LstmSequenceResult {
  /** Hidden state after every step  [T, B, H] (carried unchanged over padded steps). */
  hSeq: Tensor3D;
  /** Cell state after every step  [T, B, H]. */
  cSeq: Tensor3D;
}

/**
 * One LSTM direction over a whole sequence, as one fused kernel (forward and backward).
 * Differentiable with respect to every input but `mask`.
 *
 * @param xProj  [T, B, 4H]  time-major x·W_ihᵀ + b_ih + b_hh, gates in PyTorch order (i, f, g, o)
 * @param wHH    [4H, H]     recurrent weights, PyTorch's `weight_hh_l0` layout
 * @param h0     [B, H]      initial hidden state
 * @param c0     [B, H]      initial cell state
 * @param mask   [T, B]      1 = real step, 0 = padding (state carried unchanged)
 */
export function lstmSequence(
  xProj: Tensor3D,
  wHH: Tensor2D,
  h0: Tensor2D,
  c0: Tensor2D,
  mask: Tensor2D,
): LstmSequenceResult {
  const [hSeq, cSeq, gates] = engine().runKernel(LSTM_SEQUENCE, {
    xProj,
    wHH,
    h0,
    c0,
    mask,
  }) as Tensor[];
  gates!.dispose(); // kept by the tape for the backward pass when a gradient is recorded
  return { hSeq: hSeq as Tensor3D, cSeq: cSeq as Tensor3D };
}

/** Whether the fused LSTM kernel exists on the active backend (layers fall back if not). */
export function hasFusedLstm(backendName: string): boolean {
  return getKernel(LSTM_SEQUENCE, backendName) !== undefined;
}
