// TfnlpAdamUpdate: one Adam / AdamW step of one parameter in one SIMD pass
// (assembly/adam.ts), bit-identical to @tfnlp/train's unfused update. Optimizers look the
// kernel up by name and fall back to plain ops where it is not registered.
//   inputs  param, grad, m, v (float32, same shape)
//   outputs param', m', v'
//   attrs   decay (AdamW's 1 - lr·wd, else 1), l2 (Adam's coupled decay, else 0), beta1,
//           beta2, eps, biasCorrection2Sqrt (√(1 - β2ᵗ)), stepSize (lr / (1 - β1ᵗ))
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const ADAM_UPDATE = 'TfnlpAdamUpdate';

/** Scalars of one update; see the file comment. */
export interface AdamUpdateAttrs {
  decay: number;
  l2: number;
  beta1: number;
  beta2: number;
  eps: number;
  biasCorrection2Sqrt: number;
  stepSize: number;
}

function adamUpdate(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  assertFloat32(ADAM_UPDATE, inputs);
  const { param, grad, m, v } = inputs as Record<string, TensorInfo>;
  for (const t of [grad!, m!, v!]) {
    if (!util.arraysEqual(t.shape, param!.shape)) {
      throw new Error(
        `${ADAM_UPDATE}: every input must have the parameter's shape [${param!.shape}], got [${t.shape}].`,
      );
    }
  }
  const outs = [param!, m!, v!].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const at = (t: TensorInfo) => offsetOf(backend, t);
  requireSimdKernels(backend, ADAM_UPDATE).adamUpdate(
    at(param!),
    at(grad!),
    at(m!),
    at(v!),
    at(outs[0]!),
    at(outs[1]!),
    at(outs[2]!),
    util.sizeFromShape(param!.shape),
    attrs.decay,
    attrs.l2,
    attrs.beta1,
    1 - attrs.beta1,
    attrs.beta2,
    1 - attrs.beta2,
    attrs.biasCorrection2Sqrt,
    attrs.eps,
    attrs.stepSize,
  );
  return outs;
}

export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as KernelFunc,
};
