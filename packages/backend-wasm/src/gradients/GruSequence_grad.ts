// Gradient of TfnlpGruSequence: the sequential part in one kernel call
// (TfnlpGruSequenceGrad), dL/dW_hh and dL/db_hh as one matMul / sum over all steps.
import {
  engine,
  type GradConfig,
  matMul,
  reshape,
  sum,
  type Tensor,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { GRU_SEQUENCE } from '../kernels/GruSequence.js';
import { GRU_SEQUENCE_GRAD } from '../kernels/GruSequenceGrad.js';
import { previousStates } from './previous_states.js';

export const gruSequenceGradConfig: GradConfig = {
  kernelName: GRU_SEQUENCE,
  inputsToSave: ['wHH', 'h0', 'mask'],
  outputsToSave: [true, true],
  gradFunc: (dy, saved) => {
    const [dhSeq] = dy as Tensor[];
    const [wHH, h0, mask, hSeq, savedGates] = saved as Tensor[];
    const [steps, batch, hidden] = hSeq!.shape as [number, number, number];
    // Computed now, not inside the thunks: each thunk runs in its own tidy.
    const [dX, dHg, dh0] = engine().runKernel(GRU_SEQUENCE_GRAD, {
      dhSeq: dhSeq!,
      saved: savedGates!,
      hSeq: hSeq!,
      h0: h0!,
      wHH: wHH!,
      mask: mask!,
    }) as Tensor[];
    const dHg2 = () => reshape(dHg!, [steps * batch, 3 * hidden]);
    return {
      xProj: () => dX!,
      h0: () => dh0!,
      mask: () => zerosLike(mask!),
      bHH: () => sum(dHg2(), 0),
      wHH: () => {
        const hPrev = previousStates(h0!, hSeq!); // [T, B, H]
        return matMul(dHg2(), reshape(hPrev, [steps * batch, hidden]), true, false); // [3H, H]
      },
    };
  },
};
