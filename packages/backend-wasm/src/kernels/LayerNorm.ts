// TfnlpLayerNorm: LayerNorm over the last axis in one SIMD pass per row (assembly/layer_norm.ts).
//
//   inputs  x [..., d], gamma [d], beta [d]
//   attrs   eps
//   outputs y [..., d], stats [rows, 2] (mean, 1 / sqrt(var + eps); for the backward),
//           rows = size(x) / d
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const LAYER_NORM = 'TfnlpLayerNorm';

export interface LayerNormAttrs {
  eps: number;
}

/** [rows, d] of x, checking gamma/beta are [d]. */
export function layerNormDims(
  name: string,
  x: TensorInfo,
  gamma: TensorInfo,
  beta?: TensorInfo,
): [number, number] {
  const d = x.shape[x.shape.length - 1];
  if (x.shape.length < 1 || d === undefined || d === 0)
    throw new Error(`${name}: x must have a non-empty last axis, got [${x.shape}].`);
  for (const [label, t] of [
    ['gamma', gamma],
    ['beta', beta],
  ] as const) {
    if (t !== undefined && (t.shape.length !== 1 || t.shape[0] !== d))
      throw new Error(`${name}: ${label} must be [${d}] (the last axis of x), got [${t.shape}].`);
  }
  return [util.sizeFromShape(x.shape) / d, d];
}

function layerNorm(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: LayerNormAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  assertFloat32(LAYER_NORM, inputs);
  const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', TensorInfo>;
  const [rows, d] = layerNormDims(LAYER_NORM, x, gamma, beta);
  if (!(attrs.eps >= 0)) throw new Error(`${LAYER_NORM}: eps must be >= 0, got ${attrs.eps}.`);
  const y = backend.makeOutput(x.shape, 'float32');
  const stats = backend.makeOutput([rows, 2], 'float32');
  const simd = requireSimdKernels(backend, LAYER_NORM);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.layerNormForward(at(x), at(gamma), at(beta), at(y), at(stats), rows, d, attrs.eps);
  return [y, stats];
}

export const layerNormConfig: KernelConfig = {
  kernelName: LAYER_NORM,
  backendName: 'wasm',
  kernelFunc: layerNorm as unknown as KernelFunc,
};
