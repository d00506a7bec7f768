// TfnlpAttention (+ TfnlpAttentionGrad): fused scaled dot-product attention that keeps no
// [B, h, Tq, Tk] tensor (assembly/attention.ts).
//
//   inputs  q [B·h, Tq, d], k [B·h, Tk, d], v [B·h, Tk, dv], bias [B, 1 | Tq, Tk] (additive)
//   attrs   heads, scale, rate (attention dropout, 0 = none), seed
//   outputs out [B·h, Tq, dv], stats [B·h, Tq, 2] (row max, 1 / row sum; for the backward)
// The gradient kernel takes dOut plus the forward's inputs and outputs; returns dq, dk, dv.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { assertFloat32, offsetOf, requireSimdKernels } from '../kernel_utils.js';

export const ATTENTION = 'TfnlpAttention';
export const ATTENTION_GRAD = 'TfnlpAttentionGrad';

export interface AttentionAttrs {
  heads: number;
  scale: number;
  rate: number;
  seed: number;
}

interface Dims {
  bh: number;
  tq: number;
  tk: number;
  d: number;
  dv: number;
  biasRows: number;
}

function dims(
  name: string,
  q: TensorInfo,
  k: TensorInfo,
  v: TensorInfo,
  bias: TensorInfo,
  heads: number,
): Dims {
  const [bh, tq, d] = q.shape as [number, number, number];
  const [, tk] = k.shape as [number, number, number];
  const dv = v.shape[2]!;
  const problems: string[] = [];
  if (q.shape.length !== 3 || k.shape.length !== 3 || v.shape.length !== 3)
    problems.push('q, k, v must be rank 3');
  if (k.shape[0] !== bh || v.shape[0] !== bh || k.shape[2] !== d || v.shape[1] !== tk) {
    problems.push(`q [${q.shape}], k [${k.shape}], v [${v.shape}] do not fit [B·h, T, d]`);
  }
  const biasRows = bias.shape[1]!;
  if (
    bias.shape.length !== 3 ||
    bias.shape[0]! * heads !== bh ||
    bias.shape[2] !== tk ||
    (biasRows !== 1 && biasRows !== tq)
  ) {
    problems.push(`bias must be [${bh / heads}, 1 or ${tq}, ${tk}], got [${bias.shape}]`);
  }
  if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}.`);
  return { bh, tq, tk, d, dv, biasRows };
}

function dropoutParams(rate: number): [number, number] {
  if (!(rate >= 0 && rate < 1))
    throw new Error(`${ATTENTION}: rate must be in [0, 1), got ${rate}.`);
  return [Math.min(Math.floor(rate * 2 ** 32), 2 ** 32 - 1), 1 / (1 - rate)];
}

function attention(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: AttentionAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  assertFloat32(ATTENTION, inputs);
  const { q, k, v, bias } = inputs as Record<'q' | 'k' | 'v' | 'bias', TensorInfo>;
  const { bh, tq, tk, d, dv, biasRows } = dims(ATTENTION, q, k, v, bias, attrs.heads);
  const [threshold, keepScale] = dropoutParams(attrs.rate);
  const out = backend.makeOutput([bh, tq, dv], 'float32');
  const stats = backend.makeOutput([bh, tq, 2], 'float32');
  const scratch = backend.makeOutput([d * tk + tq * tk], 'float32');
  const simd = requireSimdKernels(backend, ATTENTION);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.attentionForward(
    at(q),
    at(k),
    at(v),
    at(bias),
    at(out),
    at(stats),
    at(scratch),
    bh,
    attrs.heads,
    tq,
    tk,
    d,
    dv,
    biasRows,
    attrs.scale,
    attrs.seed >>> 0,
    threshold,
    keepScale,
  );
  backend.disposeData(scratch.dataId);
  return [out, stats];
}

function attentionGrad(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: AttentionAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  assertFloat32(ATTENTION_GRAD, inputs);
  const { dOut, q, k, v, bias, out, stats } = inputs as Record<string, TensorInfo>;
  const { bh, tq, tk, d, dv, biasRows } = dims(ATTENTION_GRAD, q!, k!, v!, bias!, attrs.heads);
  const [threshold, keepScale] = dropoutParams(attrs.rate);
  const dq = backend.makeOutput([bh, tq, d], 'float32');
  const dk = backend.makeOutput([bh, tk, d], 'float32');
  const dvOut = backend.makeOutput([bh, tk, dv], 'float32');
  const scratch = backend.makeOutput([d * tk + dv * tk + 2 * tq * tk], 'float32');
  const simd = requireSimdKernels(backend, ATTENTION_GRAD);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  simd.attentionBackward(
    at(q!),
    at(k!),
    at(v!),
    at(bias!),
    at(out!),
    at(stats!),
    at(dOut!),
    at(dq),
    at(dk),
    at(dvOut),
    at(scratch),
    bh,
    attrs.heads,
    tq,
    tk,
    d,
    dv,
    biasRows,
    attrs.scale,
    attrs.seed >>> 0,
    threshold,
    keepScale,
  );
  backend.disposeData(scratch.dataId);
  return [dq, dk, dvOut];
}

export const attentionConfig: KernelConfig = {
  kernelName: ATTENTION,
  backendName: 'wasm',
  kernelFunc: attention as unknown as KernelFunc,
};

export const attentionGradConfig: KernelConfig = {
  kernelName: ATTENTION_GRAD,
  backendName: 'wasm',
  kernelFunc: attentionGrad as unknown as KernelFunc,
};
