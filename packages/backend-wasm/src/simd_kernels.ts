// Loads the project's own WASM SIMD kernels (assembly/*.ts) onto tfjs-backend-wasm's heap.
//
// The kernel module imports the backend's WebAssembly.Memory, so it reads and writes
// tensors in place: no copies in or out. It is compiled once per process and
// instantiated once per backend instance.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  SIMD_KERNELS_SHARED_WASM_BASE64,
  SIMD_KERNELS_WASM_BASE64,
} from '../generated/simd-kernels.js';

/** The exports of assembly/index.ts. Pointers are byte offsets into the tfjs heap. */
export interface SimdKernels {
  /** C[m, n] (+)= A[m, k]·B[k, n]; A by strides (aRow, aCol), B/C leading dims; accumulate 0 or 1. */
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    aRow: number,
    aCol: number,
    ldb: number,
    ldc: number,
    accumulate: number,
  ): void;
  /** C[i] = A[i]·B[i]; batch stride 0 broadcasts; A by strides, B row-major [k, n]; pack: scratch or 0. */
  batchMatMul(
    a: number,
    b: number,
    c: number,
    batch: number,
    m: number,
    n: number,
    k: number,
    aBatch: number,
    bBatch: number,
    aRow: number,
    aCol: number,
    pack: number,
  ): void;
  /** Floats of the scratch `pack` buffer of batchMatMul. */
  gemmPackFloats(): number;
  lstmForward(
    xProj: number,
    wT: number,
    h0: number,
    c0: number,
    mask: number,
    hSeq: number,
    cSeq: number,
    gates: number,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  lstmBackward(
    dhSeq: number,
    dcSeq: number,
    gates: number,
    cSeq: number,
    c0: number,
    w: number,
    mask: number,
    dGates: number,
    dh0: number,
    dc0: number,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  attentionForward(
    q: number,
    k: number,
    v: number,
    bias: number,
    out: number,
    stats: number,
    scratch: number,
    bh: number,
    heads: number,
    tq: number,
    tk: number,
    d: number,
    dv: number,
    biasRows: number,
    scale: number,
    seed: number,
    threshold: number,
    keepScale: number,
  ): void;
  attentionBackward(
    q: number,
    k: number,
    v: number,
    bias: number,
    out: number,
    stats: number,
    dO: number,
    dq: number,
    dk: number,
    dvOut: number,
    scratch: number,
    bh: number,
    heads: number,
    tq: number,
    tk: number,
    d: number,
    dv: number,
    biasRows: number,
    scale: number,
    seed: number,
    threshold: number,
    keepScale: number,
  ): void;
  dropoutMask(out: number, size: number, seed: number, threshold: number, scale: number): void;
  gatherRows(
    x: number,
    indices: number,
    out: number,
    outer: number,
    n: number,
    axisSize: number,
    inner: number,
  ): void;
  sumLeading(x: number, out: number, outer: number, inner: number): void;
  gruForward(
    xProj: number,
    wT: number,
    bHH: number,
    h0: number,
    mask: number,
    hSeq: number,
    saved: number,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  gruBackward(
    dhSeq: number,
    saved: number,
    hSeq: number,
    h0: number,
    w: number,
    mask: number,
    dX: number,
    dHg: number,
    dh0: number,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  /** LayerNorm rows of x [rows, d]: y, stats [rows, 2] (mean, rstd). */
  layerNormForward(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    stats: number,
    rows: number,
    d: number,
    eps: number,
  ): void;
  /** dx [rows, d], dgamma [d], dbeta [d] from dy, x, gamma and the forward's stats. */
  layerNormBackward(
    dy: number,
    x: number,
    gamma: number,
    stats: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    rows: number,
    d: number,
  ): void;
  /** y = gelu(x) over n floats; tanhForm 0 = erf (exact), 1 = tanh approximation. */
  geluForward(x: number, y: number, n: number, tanhForm: number): void;
  geluBackward(x: number, dy: number, dx: number, n: number, tanhForm: number): void;
  /** loss [rows], lse [rows] from logits [rows, c] and int32 labels [rows]. */
  softmaxCrossEntropyForward(
    logits: number,
    labels: number,
    loss: number,
    lse: number,
    rows: number,
    c: number,
    smoothing: number,
  ): void;
  softmaxCrossEntropyBackward(
    dy: number,
    logits: number,
    labels: number,
    lse: number,
    dlogits: number,
    rows: number,
    c: number,
    smoothing: number,
  ): void;
  unsortedSegmentSumF32(
    xPtr: number,
    idsPtr: number,
    outPtr: number,
    n: number,
    inner: number,
    numSegments: number,
  ): void;
}

/** Compiled modules: [0] imports plain memory, [1] shared memory (threaded tfjs build). */
const compiled: [WebAssembly.Module | undefined, WebAssembly.Module | undefined] = [
  undefined,
  undefined,
];
const instances = new WeakMap<BackendWasm, SimdKernels | null>();

function wasmBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const binary = atob(shared ? SIMD_KERNELS_SHARED_WASM_BASE64 : SIMD_KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Compiles the kernel module ahead of first use. Async, because browsers refuse
 * synchronous compilation of larger modules on the main thread.
 */
export async function precompileSimdKernels(): Promise<void> {
  compiled[0] ??= await WebAssembly.compile(wasmBytes(false));
  if (typeof SharedArrayBuffer === 'function')
    compiled[1] ??= await WebAssembly.compile(wasmBytes(true));
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
}

/** The backend's linear memory: exported by the single-thread build, imported by the threaded one. */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = backend.wasm as unknown as {
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
  };
  return module.asm?.memory ?? module.wasmMemory;
}

/**
 * The kernels bound to `backend`'s memory, or null when that memory cannot be reached
 * (callers then use their plain-JS path).
 */
export function simdKernelsFor(backend: BackendWasm): SimdKernels | null {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    const memory = backendMemory(backend);
    if (memory === undefined) {
      kernels = null;
    } else {
      const shared = isShared(memory);
      const variant = shared ? 1 : 0;
      compiled[variant] ??= new WebAssembly.Module(wasmBytes(shared));
      const instance = new WebAssembly.Instance(compiled[variant]!, {
        env: {
          memory,
          abort: () => {
            throw new Error('@tfnlp/backend-wasm: a SIMD kernel aborted');
          },
        },
      });
      kernels = instance.exports as unknown as SimdKernels;
    }
    instances.set(backend, kernels);
  }
  return kernels;
}
