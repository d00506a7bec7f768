export type { Labels, Loss, LossValue } from './loss.js';
export {
  SigmoidCrossEntropy,
  type SigmoidCrossEntropyOptions,
  sigmoidCrossEntropy,
} from './sigmoid_cross_entropy.js';
export {
  SoftmaxCrossEntropy,
  type SoftmaxCrossEntropyOptions,
  softmaxCrossEntropy,
} from './softmax_cross_entropy.js';
