// TfnlpGruSequenceGrad: backpropagation through time for TfnlpGruSequence, one call.
//
//   inputs  dhSeq [T, B, H], saved [T, B, 4H], hSeq [T, B, H], h0 [B, H], wHH [3H, H], mask [T, B]
//   outputs dX [T, B, 3H] (= dL/dxProj), dHg [T, B, 3H] (= dL/d(h·W_hhᵀ + b_hh)), dh0 [B, H]
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const GRU_SEQUENCE_GRAD = 'TfnlpGruSequenceGrad';

function gruSequenceGrad(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
}): TensorInfo[] {
  const { inputs, backend } = args;
  assertFloat32(GRU_SEQUENCE_GRAD, inputs);
  const { dhSeq, saved, hSeq, h0, wHH, mask } = inputs as Record<string, TensorInfo>;
  const [steps, batch, hidden] = hSeq!.shape as [number, number, number];
  const dX = backend.makeOutput([steps, batch, 3 * hidden], 'float32');
  const dHg = backend.makeOutput([steps, batch, 3 * hidden], 'float32');
  const dh0 = backend.makeOutput([batch, hidden], 'float32');
  const simd = requireSimdKernels(backend, GRU_SEQUENCE_GRAD);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.gruBackward(
    at(dhSeq!),
    at(saved!),
    at(hSeq!),
    at(h0!),
    at(wHH!),
    at(mask!),
    at(dX),
    at(dHg),
    at(dh0),
    steps,
    batch,
    hidden,
  );
  return [dX, dHg, dh0];
}

export const gruSequenceGradConfig: KernelConfig = {
  kernelName: GRU_SEQUENCE_GRAD,
  backendName: 'wasm',
  kernelFunc: gruSequenceGrad as unknown as KernelFunc,
};
