// Copies one slice of a tensor into a new tensor, touching only the slice's bytes.
// The stock wasm Slice reads the WHOLE input into JavaScript (readSync) for every slice, so
// splitting or unstacking n ways costs n full copies (unstacking a [200, 64, 256] LSTM
// projection took ~1.5 s). Here each contiguous run is one memmove inside the heap.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type TensorInfo, util } from '@tensorflow/tfjs-core';
import { offsetOf } from './kernel_utils.js';

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
  const bytes = x.dtype === 'bool' ? 1 : 4;
  // One view of the whole heap, taken after makeOutput (an allocation may grow it): every run
  // is a copyWithin (a memmove), with no per-run typed-array allocation.
  const heap = (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8;
  const srcBase = offsetOf(backend, x);
  const dstBase = offsetOf(backend, out);
  const shape = x.shape;
  const rank = shape.length;
  if (rank === 0) {
    heap.copyWithin(dstBase, srcBase, srcBase + bytes);
    return out;
  }
  const strides = [...util.computeStrides(shape), 1];
  // k: the outermost axis from which the slice is one contiguous run in memory.
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const runBytes = size[k]! * strides[k]! * bytes;
  const outer = util.sizeFromShape(size.slice(0, k));
  const index = new Array<number>(k).fill(0); // odometer over axes 0..k-1
  for (let o = 0, w = dstBase; o < outer; o++, w += runBytes) {
    let offset = begin[k]! * strides[k]!;
    for (let d = 0; d < k; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    const from = srcBase + offset * bytes;
    heap.copyWithin(w, from, from + runBytes);
    for (let d = k - 1; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}
