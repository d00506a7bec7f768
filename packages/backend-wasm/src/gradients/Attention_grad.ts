// Gradient of TfnlpAttention: one TfnlpAttentionGrad call recomputes the probabilities from
// the saved row statistics and returns dq, dk, dv. The bias is a constant mask.
import {
  engine,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { ATTENTION, ATTENTION_GRAD } from '../kernels/Attention.js';

export const attentionGradConfig: GradConfig = {
  kernelName: ATTENTION,
  inputsToSave: ['q', 'k', 'v', 'bias'],
  outputsToSave: [true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dOut] = dy as Tensor[];
    const [q, k, v, bias, out, stats] = saved as Tensor[];
    // Computed now, not inside the thunks: each thunk runs in its own tidy.
    const [dq, dk, dv] = engine().runKernel(
      ATTENTION_GRAD,
      { dOut: dOut!, q: q!, k: k!, v: v!, bias: bias!, out: out!, stats: stats! },
      attrs as NamedAttrMap,
    ) as Tensor[];
    return { q: () => dq!, k: () => dk!, v: () => dv!, bias: () => zerosLike(bias!) };
  },
};
