// Gradient of TfnlpLayerNorm: dx, dgamma, dbeta from one TfnlpLayerNormGrad call, using the
// saved per-row (mean, rstd). The stats output is not differentiated (its dy is ignored).
import { engine, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { LAYER_NORM } from '../kernels/LayerNorm.js';
import { LAYER_NORM_GRAD } from '../kernels/LayerNormGrad.js';

export const layerNormGradConfig: GradConfig = {
  kernelName: LAYER_NORM,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true],
  gradFunc: (dy, saved) => {
    const [dY] = dy as Tensor[];
    const [x, gamma, stats] = saved as Tensor[];
    // Computed now, not inside the thunks: each thunk runs in its own tidy.
    const [dx, dgamma, dbeta] = engine().runKernel(LAYER_NORM_GRAD, {
      dy: dY!,
      x: x!,
      gamma: gamma!,
      stats: stats!,
    }) as Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
};
