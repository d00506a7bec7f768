// Sum for the wasm backend when the reduced axes are the leading ones (bias gradients,
// batch means): one SIMD pass (assembly/reduce.ts) instead of the stock kernel's full
// Transpose + sum. Other reductions keep the stock kernel.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  Sum,
  type SumAttrs,
  type SumInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { offsetOf } from '../kernel_utils.js';
import { simdKernelsFor } from '../simd_kernels.js';
import { runStockKernel } from '../stock_kernels.js';

function sum(args: { inputs: SumInputs; backend: BackendWasm; attrs: SumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  const outer = util.sizeFromShape(x.shape.slice(0, axes.length));
  const inner = util.sizeFromShape(x.shape.slice(axes.length));
  const simd = simdKernelsFor(backend);
  if (
    !leading ||
    axes.length === 0 ||
    inner < 4 ||
    outer < 2 ||
    x.dtype !== 'float32' ||
    simd === null
  ) {
    return runStockKernel(Sum, { inputs: { x }, backend, attrs: attrs as never });
  }
  const rest = x.shape.slice(axes.length);
  const outShape = attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
  const out = backend.makeOutput(outShape, 'float32');
  simd.sumLeading(offsetOf(backend, x), offsetOf(backend, out), outer, inner);
  return out;
}

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as KernelFunc,
};
