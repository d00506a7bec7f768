// Gradient of TfnlpLstmSequence: the sequential part in one kernel call
// (TfnlpLstmSequenceGrad), dL/dW_hh as one matMul over all steps.
import {
  engine,
  type GradConfig,
  matMul,
  reshape,
  type Tensor,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { LSTM_SEQUENCE } from '../kernels/LstmSequence.js';
import { LSTM_SEQUENCE_GRAD } from '../kernels/LstmSequenceGrad.js';
import { previousStates } from './previous_states.js';

export const lstmSequenceGradConfig: GradConfig = {
  kernelName: LSTM_SEQUENCE,
  inputsToSave: ['wHH', 'h0', 'c0', 'mask'],
  outputsToSave: [true, true, true],
  gradFunc: (dy, saved) => {
    const [dhSeq, dcSeq] = dy as Tensor[];
    const [wHH, h0, c0, mask, hSeq, cSeq, gates] = saved as Tensor[];
    const [steps, batch, hidden] = hSeq!.shape as [number, number, number];
    // Computed now, not inside the thunks: each thunk runs in its own tidy.
    const [dGates, dh0, dc0] = engine().runKernel(LSTM_SEQUENCE_GRAD, {
      dhSeq: dhSeq!,
      dcSeq: dcSeq!,
      gates: gates!,
      cSeq: cSeq!,
      c0: c0!,
      wHH: wHH!,
      mask: mask!,
    }) as Tensor[];
    return {
      xProj: () => dGates!,
      h0: () => dh0!,
      c0: () => dc0!,
      mask: () => zerosLike(mask!),
      wHH: () => {
        const hPrev = previousStates(h0!, hSeq!); // [T, B, H]
        const dG = reshape(dGates!, [steps * batch, 4 * hidden]);
        return matMul(dG, reshape(hPrev, [steps * batch, hidden]), true, false); // [4H, H]
      },
    };
  },
};
