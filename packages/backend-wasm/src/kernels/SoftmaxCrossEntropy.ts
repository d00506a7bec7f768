// TfnlpSoftmaxCrossEntropy: per-example softmax cross-entropy from logits and class ids,
// with label smoothing, one pass per row (assembly/cross_entropy.ts).
//
//   inputs  logits [B, C] float32, labels [B] int32 (a negative id = ignored: loss 0, gradient 0)
//   attrs   labelSmoothing ε in [0, 1): target = (1 - ε)·one-hot + ε / C (PyTorch's)
//   outputs loss [B], lse [B] (log Σ exp of each row; for the backward)
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const SOFTMAX_CROSS_ENTROPY = 'TfnlpSoftmaxCrossEntropy';

export interface SoftmaxCrossEntropyAttrs {
  labelSmoothing: number;
}

/** [B, C], after checking dtypes, shapes, ε and that every id is < C. */
export function crossEntropyDims(
  name: string,
  backend: BackendWasm,
  logits: TensorInfo,
  labels: TensorInfo,
  labelSmoothing: number,
): [number, number] {
  if (logits.dtype !== 'float32' || logits.shape.length !== 2)
    throw new Error(
      `${name}: logits must be float32 [batch, classes], got ${logits.dtype} [${logits.shape}].`,
    );
  const [batch, classes] = logits.shape as [number, number];
  if (labels.dtype !== 'int32' || labels.shape.length !== 1 || labels.shape[0] !== batch)
    throw new Error(
      `${name}: labels must be int32 [${batch}], got ${labels.dtype} [${labels.shape}].`,
    );
  if (!(labelSmoothing >= 0 && labelSmoothing < 1))
    throw new Error(`${name}: labelSmoothing must be in [0, 1), got ${labelSmoothing}.`);
  const ids = backend.typedArrayFromHeap(labels) as Int32Array;
  for (let i = 0; i < batch; i++) {
    if (ids[i]! >= classes)
      throw new Error(`${name}: label ${ids[i]} at row ${i} is not a class id in [0, ${classes}).`);
  }
  return [batch, classes];
}

function softmaxCrossEntropy(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: SoftmaxCrossEntropyAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { logits, labels } = inputs as Record<'logits' | 'labels', TensorInfo>;
  const eps = attrs.labelSmoothing;
  const [batch, classes] = crossEntropyDims(SOFTMAX_CROSS_ENTROPY, backend, logits, labels, eps);
  const loss = backend.makeOutput([batch], 'float32');
  const lse = backend.makeOutput([batch], 'float32');
  const simd = requireSimdKernels(backend, SOFTMAX_CROSS_ENTROPY);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.softmaxCrossEntropyForward(at(logits), at(labels), at(loss), at(lse), batch, classes, eps);
  return [loss, lse];
}

export const softmaxCrossEntropyConfig: KernelConfig = {
  kernelName: SOFTMAX_CROSS_ENTROPY,
  backendName: 'wasm',
  kernelFunc: softmaxCrossEntropy as unknown as KernelFunc,
};
