// TfnlpGruSequence: a whole GRU direction in one kernel call (assembly/gru.ts).
//
//   inputs  xProj [T, B, 3H] (x·W_ihᵀ + b_ih), wHH [3H, H], bHH [3H], h0 [B, H], mask [T, B]
//   outputs hSeq [T, B, H], saved [T, B, 4H] (r, z, n, h·W_hnᵀ + b_hn; for backward)
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels, runWasmKernel } from '../kernel_utils.js';

export const GRU_SEQUENCE = 'TfnlpGruSequence';

function gruSequence(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
}): TensorInfo[] {
  const { inputs, backend } = args;
  assertFloat32(GRU_SEQUENCE, inputs);
  const { xProj, wHH, bHH, h0, mask } = inputs as Record<
    'xProj' | 'wHH' | 'bHH' | 'h0' | 'c0' | 'mask',
    TensorInfo
  >;
  const [steps, batch, gates3] = xProj.shape as [number, number, number];
  const hidden = gates3 / 3;
  const expect = (t: TensorInfo, name: string, shape: number[]) => {
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`${GRU_SEQUENCE}: ${name} must be [${shape}], got [${t.shape}].`);
    }
  };
  if (!Number.isInteger(hidden))
    throw new Error(`${GRU_SEQUENCE}: xProj must be [T, B, 3H], got [${xProj.shape}].`);
  expect(wHH, 'wHH', [gates3, hidden]);
  expect(bHH, 'bHH', [gates3]);
  expect(h0, 'h0', [batch, hidden]);
  expect(mask, 'mask', [steps, batch]);

  const hSeq = backend.makeOutput([steps, batch, hidden], 'float32');
  const saved = backend.makeOutput([steps, batch, 4 * hidden], 'float32');
  const wT = runWasmKernel(Transpose, backend, { x: wHH }, { perm: [1, 0] }); // [H, 3H]
  const simd = requireSimdKernels(backend, GRU_SEQUENCE);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.gruForward(
    at(xProj),
    at(wT),
    at(bHH),
    at(h0),
    at(mask),
    at(hSeq),
    at(saved),
    steps,
    batch,
    hidden,
  );
  backend.disposeData(wT.dataId);
  return [hSeq, saved];
}

export const gruSequenceConfig: KernelConfig = {
  kernelName: GRU_SEQUENCE,
  backendName: 'wasm',
  kernelFunc: gruSequence as unknown as KernelFunc,
};
