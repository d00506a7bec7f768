// BatchMatMul gradient with broadcasting: tfjs-core 4.22's version returns, for an input
// whose batch dimensions were broadcast ([1, m, k] @ [b, k, n], or [t, b, k] @ [k, n] as in
// every Dense over a sequence), a gradient of the broadcast shape, and backprop fails with
// "The gradient of input 'a' has shape ...". Here each gradient is summed back over the
// broadcast dimensions to its input's shape.
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  backend_util,
  type GradConfig,
  matMul,
  reshape,
  sum,
  type Tensor,
} from '@tensorflow/tfjs-core';

/** Sums `grad` (broadcast shape) down to `shape`. */
function reduceTo(grad: Tensor, shape: number[]): Tensor {
  if (grad.shape.length === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  const axes = backend_util.getReductionAxes(shape, grad.shape);
  const summed = axes.length > 0 ? sum(grad, axes, true) : grad;
  return reshape(summed, shape);
}

export const batchMatMulGradConfig: GradConfig = {
  kernelName: BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [Tensor, Tensor];
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    const g = dy as Tensor;
    let da: () => Tensor;
    let db: () => Tensor;
    if (!transposeA && !transposeB) {
      da = () => matMul(g, b, false, true);
      db = () => matMul(a, g, true, false);
    } else if (!transposeA && transposeB) {
      da = () => matMul(g, b, false, false);
      db = () => matMul(g, a, true, false);
    } else if (transposeA && !transposeB) {
      da = () => matMul(b, g, false, true);
      db = () => matMul(a, g, false, false);
    } else {
      da = () => matMul(b, g, true, true);
      db = () => matMul(g, a, true, true);
    }
    return { a: () => reduceTo(da(), a.shape), b: () => reduceTo(db(), b.shape) };
  },
};
