// OneHot for the wasm backend. The stock kernel writes int32 whatever the requested dtype:
// `tf.oneHot(ids, 3, 0.9, 0.05, 'float32')` came back all zeros and a float32 one-hot held
// int bit patterns (1 read as 1.4e-45) — fatal for label smoothing.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  OneHot,
  type OneHotAttrs,
  type OneHotInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';

function oneHot(args: {
  inputs: OneHotInputs;
  backend: BackendWasm;
  attrs: OneHotAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const indices = inputs.indices as TensorInfo; // [...]
  const { depth, onValue, offValue, dtype } = attrs;
  const out = backend.makeOutput([...indices.shape, depth], dtype); // [..., depth]
  // Views after makeOutput: allocation may grow (and detach) the heap.
  const ids = backend.typedArrayFromHeap(indices);
  const values = backend.typedArrayFromHeap(out);
  values.fill(offValue);
  const n = util.sizeFromShape(indices.shape);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    // Out-of-range ids give an all-off row, as in TensorFlow.
    if (id >= 0 && id < depth) values[i * depth + id] = onValue;
  }
  return out;
}

export const oneHotConfig: KernelConfig = {
  kernelName: OneHot,
  backendName: 'wasm',
  kernelFunc: oneHot as unknown as KernelFunc,
};
