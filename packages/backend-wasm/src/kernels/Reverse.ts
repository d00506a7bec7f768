// Reverse for the wasm backend as block copies: for each reversed axis the blocks below it
// keep their order, so the output is runs of contiguous memmoves. The stock kernel maps every
// element through index arithmetic; reversing a [256, 64, 512] LSTM projection in time (every
// backward direction of a bidirectional RNN, forward and gradient) took ~0.5 s per call.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  Reverse,
  type ReverseAttrs,
  type ReverseInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { offsetOf } from '../kernel_utils.js';
import { runStockKernel } from '../stock_kernels.js';

function reverse(args: {
  inputs: ReverseInputs;
  backend: BackendWasm;
  attrs: ReverseAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string') {
    return runStockKernel(Reverse, { inputs: { x }, backend, attrs: attrs as never });
  }
  const shape = x.shape;
  const axes = new Set(util.parseAxisParam(attrs.dims, shape));
  const out = backend.makeOutput([...shape], x.dtype);
  const total = util.sizeFromShape(shape);
  if (total === 0) return out;
  const bytes = x.dtype === 'bool' ? 1 : 4;
  // Axes after the last reversed one stay in order: one contiguous run of `inner` elements.
  let last = -1;
  for (let d = 0; d < shape.length; d++) if (axes.has(d) && shape[d]! > 1) last = d;
  const heap = (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8;
  const src = offsetOf(backend, x);
  const dst = offsetOf(backend, out);
  if (last < 0) {
    heap.copyWithin(dst, src, src + total * bytes);
    return out;
  }
  const inner = util.sizeFromShape(shape.slice(last + 1)) * bytes;
  const outerShape = shape.slice(0, last + 1);
  const strides = [...util.computeStrides(outerShape), 1].map((s) => s * inner);
  const index = new Array<number>(outerShape.length).fill(0); // odometer over the output
  const runs = (total * bytes) / inner;
  for (let r = 0, w = dst; r < runs; r++, w += inner) {
    let from = src;
    for (let d = 0; d < outerShape.length; d++) {
      const i = axes.has(d) ? outerShape[d]! - 1 - index[d]! : index[d]!;
      from += i * strides[d]!;
    }
    heap.copyWithin(w, from, from + inner);
    for (let d = outerShape.length - 1; d >= 0; d--) {
      if (++index[d]! < outerShape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

export const reverseConfig: KernelConfig = {
  kernelName: Reverse,
  backendName: 'wasm',
  kernelFunc: reverse as unknown as KernelFunc,
};
