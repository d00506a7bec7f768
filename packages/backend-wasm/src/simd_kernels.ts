// Loads the project's own WASM SIMD kernels (assembly/*.ts) onto tfjs-backend-wasm's heap.
//
// The kernel module imports the backend's WebAssembly.Memory, so it reads and writes
// tensors in place: no copies in or out. It is compiled once per process and
// instantiated once per backend instance.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  SIMD_KERNELS_RELAXED_SHARED_WASM_BASE64,
  SIMD_KERNELS_RELAXED_WASM_BASE64,
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
  adamUpdate(
    param: number,
    grad: number,
    m: number,
    v: number,
    outParam: number,
    outM: number,
    outV: number,
    size: number,
    decay: number,
    l2: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    biasCorrection2Sqrt: number,
    eps: number,
    stepSize: number,
  ): void;
  /** `iters` steps of the GEMM's 4x8 tile on 48 bytes at `scratch` (64 flops each), L1 only. */
  fmaPeak(iters: number, x: number, scratch: number): number;
  /** Bytes of packing scratch the GEMM wants (`setGemmScratch`). */
  gemmScratchBytes(): number;
  /** Gives the GEMM its packing scratch (a malloc'd block of the backend heap). */
  setGemmScratch(ptr: number): void;
  /** C[i] = A[i]·B[i]; batch stride 0 broadcasts; A by strides, B row-major [k, n]. */
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
  ): void;
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

/** Compiled modules by variant: plain / shared memory, with or without relaxed SIMD. */
const compiled = new Map<string, WebAssembly.Module>();
const instances = new WeakMap<BackendWasm, SimdKernels | null>();
/** Whether the relaxed-SIMD builds are used (decided once, before the first compile). */
let relaxed: boolean | undefined;

function wasmBytes(shared: boolean, withRelaxed: boolean): Uint8Array<ArrayBuffer> {
  const base64 = withRelaxed
    ? shared
      ? SIMD_KERNELS_RELAXED_SHARED_WASM_BASE64
      : SIMD_KERNELS_RELAXED_WASM_BASE64
    : shared
      ? SIMD_KERNELS_SHARED_WASM_BASE64
      : SIMD_KERNELS_WASM_BASE64;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The engine accepts relaxed SIMD (Chrome 114+, Node 22+, or Node 20 with the flag on). */
function engineHasRelaxedSimd(): boolean {
  return WebAssembly.validate(wasmBytes(false, true));
}

const NODE_V8 = 'node:v8'; // a variable, so bundlers do not try to resolve it for browsers

/**
 * Chooses the build once: relaxed SIMD (fused multiply-add in the GEMM, ~1.5-2x on products)
 * unless `allow` is false or TFNLP_RELAXED_SIMD=0 in Node. Node 20's V8 (11.3) has relaxed
 * SIMD behind --experimental-wasm-relaxed-simd (on by default from V8 11.4); the flag is set
 * here for modules compiled from now on, and the result is validated before use.
 */
async function chooseRelaxed(allow: boolean): Promise<boolean> {
  const proc = (
    globalThis as {
      process?: { versions?: { node?: string }; env?: Record<string, string | undefined> };
    }
  ).process;
  const isNode = typeof proc?.versions?.node === 'string';
  if (!allow || (isNode && proc?.env?.TFNLP_RELAXED_SIMD === '0')) return false;
  if (engineHasRelaxedSimd()) return true;
  if (!isNode) return false;
  try {
    const v8 = (await import(/* @vite-ignore */ NODE_V8)) as {
      setFlagsFromString(flags: string): void;
    };
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return engineHasRelaxedSimd();
}

/**
 * Compiles the kernel module ahead of first use. Async, because browsers refuse
 * synchronous compilation of larger modules on the main thread.
 */
export async function precompileSimdKernels(
  options: { relaxedSimd?: boolean } = {},
): Promise<void> {
  relaxed ??= await chooseRelaxed(options.relaxedSimd ?? true);
  for (const shared of typeof SharedArrayBuffer === 'function' ? [false, true] : [false]) {
    const key = `${shared}/${relaxed}`;
    if (!compiled.has(key))
      compiled.set(key, await WebAssembly.compile(wasmBytes(shared, relaxed)));
  }
}

/** Whether the kernels run the relaxed-SIMD build (fused multiply-add); see `wasmInfo()`. */
export function usesRelaxedSimd(): boolean {
  return relaxed === true;
}

/** A kernel instance on `memory` (tests use this to compare the builds directly). */
export function instantiateSimdKernels(
  memory: WebAssembly.Memory,
  withRelaxed: boolean,
): SimdKernels {
  const shared = isShared(memory);
  const key = `${shared}/${withRelaxed}`;
  let module = compiled.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(wasmBytes(shared, withRelaxed));
    compiled.set(key, module);
  }
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('@tfnlp/backend-wasm: a SIMD kernel aborted');
      },
    },
  });
  return instance.exports as unknown as SimdKernels;
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

const gemmScratch = new WeakMap<BackendWasm, number>();

/**
 * Turns the GEMM's panel packing off or back on for `backend` (on by default). For tests and
 * A/B benchmarks only: packing never changes results, only speed.
 */
export function setGemmPacking(backend: BackendWasm, on: boolean): void {
  const kernels = simdKernelsFor(backend);
  if (kernels === null) return;
  kernels.setGemmScratch(on ? gemmScratch.get(backend)! : 0);
}

/**
 * The measured multiply-add peak (GFLOP/s, one thread) of the GEMM's 4x8 register tile with no
 * memory traffic, in the kernel build `backend` runs (relaxed FMA or plain mul + add): the
 * ceiling a GEMM figure is compared with. Median of `repeats` runs of `iters`·64 flops, so on a
 * busy machine it is measured like the GEMM medians it is compared with (interleave the two).
 * `clock` (ms) defaults to wall time. For benchmarks; null where the SIMD kernels cannot run.
 */
export function simdPeakGflops(
  backend: BackendWasm,
  iters = 4_000_000,
  repeats = 5,
  clock: () => number = () => performance.now(),
): number | null {
  const kernels = simdKernelsFor(backend);
  if (kernels === null) return null;
  // The GEMM's packing scratch holds the tile's 48 bytes (nothing else runs meanwhile).
  const scratch = gemmScratch.get(backend)!;
  kernels.fmaPeak(1000, 1e-3, scratch); // warm-up: tier-up of the loop
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = clock();
    kernels.fmaPeak(iters, 1e-3, scratch);
    rates.push((iters * 64) / (clock() - start) / 1e6);
  }
  rates.sort((x, y) => x - y);
  return rates[Math.floor(repeats / 2)]!;
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
      relaxed ??= false; // no precompile (initWasm) ran: plain SIMD, no engine flags touched
      kernels = instantiateSimdKernels(memory, relaxed);
      // The GEMM's packing scratch: one block of the backend's heap for the instance's life.
      const malloc = (backend.wasm as unknown as { _malloc(bytes: number): number })._malloc;
      const scratch = malloc(kernels.gemmScratchBytes());
      gemmScratch.set(backend, scratch);
      kernels.setGemmScratch(scratch);
    }
    instances.set(backend, kernels);
  }
  return kernels;
}
