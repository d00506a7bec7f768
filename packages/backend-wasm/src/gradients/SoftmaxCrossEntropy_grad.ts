// Gradient of TfnlpSoftmaxCrossEntropy: dlogits = dy · (softmax - target) from one
// TfnlpSoftmaxCrossEntropyGrad call, using the saved log Σ exp per row. Labels are ids.
import {
  engine,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { SOFTMAX_CROSS_ENTROPY } from '../kernels/SoftmaxCrossEntropy.js';
import { SOFTMAX_CROSS_ENTROPY_GRAD } from '../kernels/SoftmaxCrossEntropyGrad.js';

export const softmaxCrossEntropyGradConfig: GradConfig = {
  kernelName: SOFTMAX_CROSS_ENTROPY,
  inputsToSave: ['logits', 'labels'],
  outputsToSave: [false, true],
  gradFunc: (dy, saved, attrs) => {
    const [dLoss] = dy as Tensor[];
    const [logits, labels, lse] = saved as Tensor[];
    return {
      logits: () =>
        engine().runKernel(
          SOFTMAX_CROSS_ENTROPY_GRAD,
          { dy: dLoss!, logits: logits!, labels: labels!, lse: lse! },
          attrs as NamedAttrMap,
        ) as Tensor,
      labels: () => zerosLike(labels!),
    };
  },
};
