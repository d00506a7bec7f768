// Copies one slice of a tensor into a new tensor, touching only the slice's bytes.
// The stock wasm Slice reads the WHOLE input into JavaScript (readSync) for every slice, so
// splitting or unstacking n ways costs n full copies (unstacking a [200, 64, 256] LSTM
// projection took ~1.5 s). Here each contiguous run is one typed-array copy out of the heap.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type TensorInfo, util } from '@tensorflow/tfjs-core';

/**
 * x[begin : begin + size] as a new tensor of shape `outShape` (same element count as `size`;
 * lets Unpack drop the sliced axis without a second tensor). Not for string tensors.
 */
export function copySlice(
  backend: BackendWasm,
  x: TensorInfo,
  begin: number[],
  size: number[],
  outShape: number[] = size,
): TensorInfo {
  const out = backend.makeOutput(outShape, x.dtype);
  const total = util.sizeFromShape(size);
  if (total === 0) return out;
  // Views only after makeOutput: an allocation may grow (and detach) the heap.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const shape = x.shape;
  const rank = shape.length;
  if (rank === 0) {
    dst.set(src);
    return out;
  }
  const strides = [...util.computeStrides(shape), 1];
  // k: the outermost axis from which the slice is one contiguous run in memory.
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const run = size[k]! * strides[k]!;
  const outer = util.sizeFromShape(size.slice(0, k));
  const index = new Array<number>(k).fill(0); // odometer over axes 0..k-1
  for (let o = 0, w = 0; o < outer; o++, w += run) {
    let offset = begin[k]! * strides[k]!;
    for (let d = 0; d < k; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    dst.set(src.subarray(offset, offset + run), w);
    for (let d = k - 1; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}
