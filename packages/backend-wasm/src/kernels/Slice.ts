// Slice, SplitV and Unpack for the wasm backend, copying only each part (see slice_copy.ts).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  Slice,
  type SliceAttrs,
  type SliceInputs,
  SplitV,
  type SplitVAttrs,
  type SplitVInputs,
  slice_util,
  type TensorInfo,
  Unpack,
  type UnpackAttrs,
  type UnpackInputs,
  util,
} from '@tensorflow/tfjs-core';
import { copySlice } from '../slice_copy.js';
import { runStockKernel } from '../stock_kernels.js';

function slice(args: { inputs: SliceInputs; backend: BackendWasm; attrs: SliceAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string')
    return runStockKernel(Slice, { inputs: { x }, backend, attrs: attrs as never });
  // parseSliceParams always returns [begin, size]; the tuple type is number[][].
  const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [
    number[],
    number[],
  ];
  slice_util.assertParamsValid(x, begin, size);
  return copySlice(backend, x, begin, size);
}

function splitV(args: {
  inputs: SplitVInputs;
  backend: BackendWasm;
  attrs: SplitVAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string')
    return runStockKernel(SplitV, { inputs: { x }, backend, attrs: attrs as never }) as never;
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const part = copySlice(backend, x, [...begin], size);
    begin[axis]! += s;
    return part;
  });
}

function unpack(args: {
  inputs: UnpackInputs;
  backend: BackendWasm;
  attrs: UnpackAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = inputs.value as TensorInfo;
  if (x.dtype === 'string')
    return runStockKernel(Unpack, {
      inputs: { value: x },
      backend,
      attrs: attrs as never,
    }) as never;
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const outShape = x.shape.filter((_, d) => d !== axis);
  const size = [...x.shape];
  size[axis] = 1;
  return Array.from({ length: x.shape[axis]! }, (_, i) => {
    const begin = new Array<number>(x.shape.length).fill(0);
    begin[axis] = i;
    return copySlice(backend, x, begin, size, outShape);
  });
}

export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'wasm',
  kernelFunc: slice as unknown as KernelFunc,
};

export const splitVConfig: KernelConfig = {
  kernelName: SplitV,
  backendName: 'wasm',
  kernelFunc: splitV as unknown as KernelFunc,
};

export const unpackConfig: KernelConfig = {
  kernelName: Unpack,
  backendName: 'wasm',
  kernelFunc: unpack as unknown as KernelFunc,
};
