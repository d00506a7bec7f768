import { concat, expandDims, slice, type Tensor } from '@tensorflow/tfjs-core';

/**
 * The state entering every step of a recurrence: [h0, h_0, …, h_{T-2}]  [T, B, H], from
 * h0 [B, H] and the states after every step hSeq [T, B, H]. Recurrent-weight gradients are
 * one matMul of the gate gradients against it.
 */
export function previousStates(h0: Tensor, hSeq: Tensor): Tensor {
  const steps = hSeq.shape[0]!;
  return steps === 1
    ? expandDims(h0, 0)
    : concat([expandDims(h0, 0), slice(hSeq, 0, steps - 1)], 0);
}
