// TfnlpLstmSequence: a whole LSTM sequence (one direction) in one kernel call, instead of
// ~10 kernel calls per time step. See assembly/lstm.ts for the maths and the mask rule.
//
//   inputs  xProj [T, B, 4H] (x·W_ihᵀ + b_ih + b_hh), wHH [4H, H], h0 [B, H], c0 [B, H],
//           mask [T, B] (1 = real step, 0 = padding: state carried)
//   outputs hSeq [T, B, H], cSeq [T, B, H], gates [T, B, 4H] (activated, for backward)
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels, runWasmKernel } from '../kernel_utils.js';

export const LSTM_SEQUENCE = 'TfnlpLstmSequence';

function lstmSequence(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
}): TensorInfo[] {
  const { inputs, backend } = args;
  const { xProj, wHH, h0, c0, mask } = inputs as Record<
    'xProj' | 'wHH' | 'h0' | 'c0' | 'mask',
    TensorInfo
  >;
  assertFloat32(LSTM_SEQUENCE, { xProj, wHH, h0, c0, mask });
  const [steps, batch, gates4] = xProj.shape as [number, number, number];
  const hidden = gates4 / 4;
  checkShapes(xProj, wHH, h0, c0, mask, steps, batch, hidden);

  const hSeq = backend.makeOutput([steps, batch, hidden], 'float32');
  const cSeq = backend.makeOutput([steps, batch, hidden], 'float32');
  const gates = backend.makeOutput([steps, batch, gates4], 'float32');
  const wT = runWasmKernel(Transpose, backend, { x: wHH }, { perm: [1, 0] }); // [H, 4H]
  const simd = requireSimdKernels(backend, LSTM_SEQUENCE);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.lstmForward(
    at(xProj),
    at(wT),
    at(h0),
    at(c0),
    at(mask),
    at(hSeq),
    at(cSeq),
    at(gates),
    steps,
    batch,
    hidden,
  );
  backend.disposeData(wT.dataId);
  return [hSeq, cSeq, gates];
}

function checkShapes(
  xProj: TensorInfo,
  wHH: TensorInfo,
  h0: TensorInfo,
  c0: TensorInfo,
  mask: TensorInfo,
  steps: number,
  batch: number,
  hidden: number,
): void {
  const same = (t: TensorInfo, shape: number[]) =>
    t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
  const problems: string[] = [];
  if (xProj.shape.length !== 3 || !Number.isInteger(hidden))
    problems.push(`xProj must be [T, B, 4H], got [${xProj.shape}]`);
  if (!same(wHH, [4 * hidden, hidden]))
    problems.push(`wHH must be [${4 * hidden}, ${hidden}], got [${wHH.shape}]`);
  if (!same(h0, [batch, hidden]))
    problems.push(`h0 must be [${batch}, ${hidden}], got [${h0.shape}]`);
  if (!same(c0, [batch, hidden]))
    problems.push(`c0 must be [${batch}, ${hidden}], got [${c0.shape}]`);
  if (!same(mask, [steps, batch]))
    problems.push(`mask must be [${steps}, ${batch}], got [${mask.shape}]`);
  if (problems.length > 0) throw new Error(`${LSTM_SEQUENCE}: ${problems.join('; ')}.`);
}

export const lstmSequenceConfig: KernelConfig = {
  kernelName: LSTM_SEQUENCE,
  backendName: 'wasm',
  kernelFunc: lstmSequence as unknown as KernelFunc,
};
