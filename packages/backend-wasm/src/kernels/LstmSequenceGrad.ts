// TfnlpLstmSequenceGrad: backpropagation through time for TfnlpLstmSequence, one call.
//
//   inputs  dhSeq [T, B, H], dcSeq [T, B, H], gates [T, B, 4H], cSeq [T, B, H], c0 [B, H],
//           wHH [4H, H], mask [T, B]
//   outputs dGates [T, B, 4H] (= dL/dxProj), dh0 [B, H], dc0 [B, H]
// dL/dW_hh is one large matMul over all steps, done by the gradient function.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const LSTM_SEQUENCE_GRAD = 'TfnlpLstmSequenceGrad';

function lstmSequenceGrad(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
}): TensorInfo[] {
  const { inputs, backend } = args;
  assertFloat32(LSTM_SEQUENCE_GRAD, inputs);
  const { dhSeq, dcSeq, gates, cSeq, c0, wHH, mask } = inputs as Record<string, TensorInfo>;
  const [steps, batch, hidden] = cSeq!.shape as [number, number, number];
  const dGates = backend.makeOutput([steps, batch, 4 * hidden], 'float32');
  const dh0 = backend.makeOutput([batch, hidden], 'float32');
  const dc0 = backend.makeOutput([batch, hidden], 'float32');
  const simd = requireSimdKernels(backend, LSTM_SEQUENCE_GRAD);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.lstmBackward(
    at(dhSeq!),
    at(dcSeq!),
    at(gates!),
    at(cSeq!),
    at(c0!),
    at(wHH!),
    at(mask!),
    at(dGates),
    at(dh0),
    at(dc0),
    steps,
    batch,
    hidden,
  );
  return [dGates, dh0, dc0];
}

export const lstmSequenceGradConfig: KernelConfig = {
  kernelName: LSTM_SEQUENCE_GRAD,
  backendName: 'wasm',
  kernelFunc: lstmSequenceGrad as unknown as KernelFunc,
};
