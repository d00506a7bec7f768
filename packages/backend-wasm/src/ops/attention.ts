import {
  engine,
  getKernel,
  type NamedAttrMap,
  type Tensor,
  type Tensor3D,
} from '@tensorflow/tfjs-core';
import { ATTENTION } from '../kernels/Attention.js';

/** Options of `fusedAttention`: head count, score scale and attention dropout. */
export interface FusedAttentionOptions {
  /** Heads folded into the first axis of q, k, v (B·h); bias is per batch row. */
  heads: number;
  /** Multiplies q·kᵀ; usually 1 / sqrt(d). */
  scale: number;
  /** Dropout on the attention probabilities (default 0). */
  dropout?: number;
  /** Seed of the dropout mask (a counter hash: same seed, same mask). */
  seed?: number;
}

/**
 * softmax(scale · q·kᵀ + bias) · v in one kernel, keeping no [B·h, Tq, Tk] tensor for the
 * backward pass (it is recomputed). Differentiable in q, k, v.
 *
 * @param q     [B·h, Tq, d]
 * @param k     [B·h, Tk, d]
 * @param v     [B·h, Tk, dv]
 * @param bias  [B, 1 or Tq, Tk]: added to the scores (0 where allowed, a large negative number where masked)
 * @returns     [B·h, Tq, dv]
 */
export function fusedAttention(
  q: Tensor3D,
  k: Tensor3D,
  v: Tensor3D,
  bias: Tensor3D,
  options: FusedAttentionOptions,
): Tensor3D {
  const attrs = {
    heads: options.heads,
    scale: options.scale,
    rate: options.dropout ?? 0,
    seed: options.seed ?? 0,
  };
  const [out, stats] = engine().runKernel(
    ATTENTION,
    { q, k, v, bias },
    attrs as unknown as NamedAttrMap,
  ) as Tensor[];
  stats!.dispose(); // kept by the tape for the backward pass when a gradient is recorded
  return out as Tensor3D;
}

/** Whether the fused attention kernel exists on the active backend (layers fall back if not). */
export function hasFusedAttention(backendName: string): boolean {
  return getKernel(ATTENTION, backendName) !== undefined;
}
