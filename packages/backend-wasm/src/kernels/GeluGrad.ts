// TfnlpGeluGrad: dx = dy · gelu'(x) in one SIMD pass.
//
//   inputs  dy [...], x [...]
//   attrs   approximate: 'none' | 'tanh' (as the forward)
//   outputs dx [...]
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';
import { type GeluAttrs, geluForm } from './Gelu.js';

export const GELU_GRAD = 'TfnlpGeluGrad';

function geluGrad(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: GeluAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  assertFloat32(GELU_GRAD, inputs);
  const { dy, x } = inputs as Record<'dy' | 'x', TensorInfo>;
  if (!util.arraysEqual(dy.shape, x.shape))
    throw new Error(`${GELU_GRAD}: dy [${dy.shape}] and x [${x.shape}] differ.`);
  const form = geluForm(GELU_GRAD, attrs.approximate);
  const dx = backend.makeOutput(x.shape, 'float32');
  const simd = requireSimdKernels(backend, GELU_GRAD);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.geluBackward(at(x), at(dy), at(dx), util.sizeFromShape(x.shape), form);
  return dx;
}

export const geluGradConfig: KernelConfig = {
  kernelName: GELU_GRAD,
  backendName: 'wasm',
  kernelFunc: geluGrad as unknown as KernelFunc,
};
