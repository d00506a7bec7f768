// Gradient of TfnlpGelu: one TfnlpGeluGrad pass over the saved input.
import { engine, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { GELU } from '../kernels/Gelu.js';
import { GELU_GRAD } from '../kernels/GeluGrad.js';

export const geluGradConfig: GradConfig = {
  kernelName: GELU,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as Tensor[];
    return {
      x: () =>
        engine().runKernel(GELU_GRAD, { dy: dy as Tensor, x: x! }, attrs as NamedAttrMap) as Tensor,
    };
  },
};
