// TfnlpSoftmaxCrossEntropyGrad: dlogits = dy · (softmax(logits) - target) in one pass.
//
//   inputs  dy [B], logits [B, C], labels [B] int32, lse [B] (the forward's)
//   attrs   labelSmoothing (as the forward)
//   outputs dlogits [B, C]
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';
import { crossEntropyDims, type SoftmaxCrossEntropyAttrs } from './SoftmaxCrossEntropy.js';

export const SOFTMAX_CROSS_ENTROPY_GRAD = 'TfnlpSoftmaxCrossEntropyGrad';

function softmaxCrossEntropyGrad(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: SoftmaxCrossEntropyAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, logits, labels, lse } = inputs as Record<
    'dy' | 'logits' | 'labels' | 'lse',
    TensorInfo
  >;
  assertFloat32(SOFTMAX_CROSS_ENTROPY_GRAD, { dy, lse });
  const eps = attrs.labelSmoothing;
  const [batch, classes] = crossEntropyDims(
    SOFTMAX_CROSS_ENTROPY_GRAD,
    backend,
    logits,
    labels,
    eps,
  );
  if (dy.shape.length !== 1 || dy.shape[0] !== batch || lse.shape[0] !== batch)
    throw new Error(
      `${SOFTMAX_CROSS_ENTROPY_GRAD}: dy [${dy.shape}] and lse [${lse.shape}] must be [${batch}].`,
    );
  const dlogits = backend.makeOutput([batch, classes], 'float32');
  const simd = requireSimdKernels(backend, SOFTMAX_CROSS_ENTROPY_GRAD);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.softmaxCrossEntropyBackward(
    at(dy),
    at(logits),
    at(labels),
    at(lse),
    at(dlogits),
    batch,
    classes,
    eps,
  );
  return dlogits;
}

export const softmaxCrossEntropyGradConfig: KernelConfig = {
  kernelName: SOFTMAX_CROSS_ENTROPY_GRAD,
  backendName: 'wasm',
  kernelFunc: softmaxCrossEntropyGrad as unknown as KernelFunc,
};
