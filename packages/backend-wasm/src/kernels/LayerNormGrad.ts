// TfnlpLayerNormGrad: dx, dgamma, dbeta of TfnlpLayerNorm in one kernel.
//
//   inputs  dy [..., d], x [..., d], gamma [d], stats [rows, 2] (the forward's)
//   outputs dx [..., d], dgamma [d], dbeta [d]
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';
import { layerNormDims } from './LayerNorm.js';

export const LAYER_NORM_GRAD = 'TfnlpLayerNormGrad';

function layerNormGrad(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
}): TensorInfo[] {
  const { inputs, backend } = args;
  assertFloat32(LAYER_NORM_GRAD, inputs);
  const { dy, x, gamma, stats } = inputs as Record<'dy' | 'x' | 'gamma' | 'stats', TensorInfo>;
  const [rows, d] = layerNormDims(LAYER_NORM_GRAD, x, gamma);
  if (!util.arraysEqual(dy.shape, x.shape) || stats.shape[0] !== rows || stats.shape[1] !== 2) {
    throw new Error(
      `${LAYER_NORM_GRAD}: dy [${dy.shape}] must match x [${x.shape}] and stats [${stats.shape}] be [${rows}, 2].`,
    );
  }
  const dx = backend.makeOutput(x.shape, 'float32');
  const dgamma = backend.makeOutput([d], 'float32');
  const dbeta = backend.makeOutput([d], 'float32');
  const simd = requireSimdKernels(backend, LAYER_NORM_GRAD);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.layerNormBackward(
    at(dy),
    at(x),
    at(gamma),
    at(stats),
    at(dx),
    at(dgamma),
    at(dbeta),
    rows,
    d,
  );
  return [dx, dgamma, dbeta];
}

export const layerNormGradConfig: KernelConfig = {
  kernelName: LAYER_NORM_GRAD,
  backendName: 'wasm',
  kernelFunc: layerNormGrad as unknown as KernelFunc,
};
