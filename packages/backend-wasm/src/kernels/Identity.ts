// Identity for the wasm backend: share the data (reference count), as Reshape already does,
// instead of copying it. Tensors are immutable, so sharing is safe; and tfjs's tape clones
// every tensor it saves for a gradient, so the stock copy cost ~200 full-activation copies
// per training step of a 2-layer Transformer.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Identity,
  type IdentityInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { runStockKernel } from '../stock_kernels.js';

function identity(args: { inputs: IdentityInputs; backend: BackendWasm }): TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string') return runStockKernel(Identity, { inputs: { x }, backend, attrs: {} });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelFunc,
};
