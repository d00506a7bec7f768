// GatherV2 for the wasm backend: a block copy per gathered row (assembly/gather.ts). The
// stock kernel addresses every element through strides and took ~240 ms for one Embedding
// lookup of 64 x 256 tokens x 128 dims. batchDims > 0 and 1-byte (bool) tensors keep the
// stock kernel.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  GatherV2,
  type GatherV2Attrs,
  type GatherV2Inputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { offsetOf } from '../kernel_utils.js';
import { simdKernelsFor } from '../simd_kernels.js';
import { runStockKernel } from '../stock_kernels.js';

function gatherV2(args: {
  inputs: GatherV2Inputs;
  backend: BackendWasm;
  attrs: GatherV2Attrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  const simd = simdKernelsFor(backend);
  if (attrs.batchDims !== 0 || x.dtype === 'bool' || indices.dtype !== 'int32' || simd === null) {
    return runStockKernel(GatherV2, { inputs: { x, indices }, backend, attrs: attrs as never });
  }
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const axisSize = x.shape[axis]!;
  const ids = backend.typedArrayFromHeap(indices) as Int32Array;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < axisSize)) {
      throw new Error(`GatherV2: the index value ${id} is not in [0, ${axisSize - 1}]`);
    }
  }
  const outer = util.sizeFromShape(x.shape.slice(0, axis));
  const inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = backend.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) > 0) {
    simd.gatherRows(
      offsetOf(backend, x),
      offsetOf(backend, indices),
      offsetOf(backend, out),
      outer,
      ids.length,
      axisSize,
      inner,
    );
  }
  return out;
}

export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'wasm',
  kernelFunc: gatherV2 as unknown as KernelFunc,
};
