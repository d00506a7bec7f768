// UnsortedSegmentSum for the wasm backend: the gradient of `gather`, hence of every
// Embedding. Stock tfjs-backend-wasm 4.22 lacks it (tfjs issue #8082).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
  util,
} from '@tensorflow/tfjs-core';
import { offsetOf } from '../kernel_utils.js';
import { simdKernelsFor } from '../simd_kernels.js';

function unsortedSegmentSum(args: {
  inputs: UnsortedSegmentSumInputs;
  backend: BackendWasm;
  attrs: UnsortedSegmentSumAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo; // [n, ...inner]
  const segmentIds = inputs.segmentIds as TensorInfo; // [n] (or x's leading dims)
  const { numSegments } = attrs;

  const n = util.sizeFromShape(segmentIds.shape);
  const inner = n === 0 ? 0 : util.sizeFromShape(x.shape) / n;
  if (!Number.isInteger(inner)) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] is not a prefix of x shape [${x.shape}].`,
    );
  }
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)]; // [numSegments, ...inner]
  const out = backend.makeOutput(outShape, x.dtype);
  const ids = segmentIds.dtype === 'int32' ? segmentIds : null;

  const simd = simdKernelsFor(backend);
  if (simd !== null && x.dtype === 'float32' && ids !== null) {
    const offset = (t: TensorInfo) => offsetOf(backend, t);
    simd.unsortedSegmentSumF32(offset(x), offset(ids), offset(out), n, inner, numSegments);
    return out;
  }

  // Plain-JS path: int32 values, float segment ids, or a backend whose memory is hidden.
  // Views are taken after makeOutput, which may have grown (and detached) the heap.
  const xValues = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const idValues = backend.typedArrayFromHeap(segmentIds);
  const outValues = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  outValues.fill(0);
  for (let i = 0; i < n; i++) {
    const segment = idValues[i]!;
    if (!(segment >= 0 && segment < numSegments)) continue;
    const src = i * inner;
    const dst = segment * inner;
    for (let j = 0; j < inner; j++) outValues[dst + j]! += xValues[src + j]!;
  }
  return out;
}

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelFunc,
};
