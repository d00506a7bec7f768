// Transpose for the wasm backend when the innermost axes keep their order ([B, T, C] ->
// [T, B, C], attention's [B, T, h, d] <-> [B, h, T, d]): the output is runs of contiguous
// source memory, one memmove each. The stock kernel maps element by element (transposing a
// [256, 64, 512] LSTM projection gradient to batch-major took ~80 ms). Other permutations,
// and runs too short to beat it, keep the stock kernel.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  type TransposeAttrs,
  type TransposeInputs,
  util,
} from '@tensorflow/tfjs-core';
import { offsetOf } from '../kernel_utils.js';
import { runStockKernel } from '../stock_kernels.js';

/** Below this many elements per run, the stock element-wise kernel is as fast. */
const MIN_RUN = 64;

function transpose(args: {
  inputs: TransposeInputs;
  backend: BackendWasm;
  attrs: TransposeAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const perm = attrs.perm;
  const rank = x.shape.length;
  // t: the first axis of the trailing block that stays in place.
  let t = rank;
  while (t > 0 && perm[t - 1] === t - 1) t--;
  const inner = util.sizeFromShape(x.shape.slice(t));
  if (x.dtype === 'string' || t === rank || inner < MIN_RUN) {
    return runStockKernel(Transpose, { inputs: { x }, backend, attrs: attrs as never });
  }
  const outShape = perm.map((p) => x.shape[p]!);
  const out = backend.makeOutput(outShape, x.dtype);
  const total = util.sizeFromShape(outShape);
  if (total === 0) return out;
  const bytes = x.dtype === 'bool' ? 1 : 4;
  const strides = util.computeStrides(x.shape); // element strides of the input
  const srcStride = perm.slice(0, t).map((p) => strides[p]! * bytes); // per output axis
  const lead = outShape.slice(0, t);
  const runBytes = inner * bytes;
  const heap = (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8;
  const src = offsetOf(backend, x);
  const index = new Array<number>(t).fill(0); // odometer over the output's leading axes
  for (let w = offsetOf(backend, out), end = w + total * bytes; w < end; w += runBytes) {
    let from = src;
    for (let d = 0; d < t; d++) from += index[d]! * srcStride[d]!;
    heap.copyWithin(w, from, from + runBytes);
    for (let d = t - 1; d >= 0; d--) {
      if (++index[d]! < lead[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

export const transposeConfig: KernelConfig = {
  kernelName: Transpose,
  backendName: 'wasm',
  kernelFunc: transpose as unknown as KernelFunc,
};
