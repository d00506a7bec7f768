import { getThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { VERSION } from '../generated/version.js';
import { kernelConfigs } from './register_all_kernels.js';
import { usesRelaxedSimd } from './simd_kernels.js';

/** What `wasmInfo()` reports: the backend, SIMD, threads, the kernels added and versions. */
export interface WasmInfo {
  /** The active tfjs backend ('wasm' after initWasm). */
  backend: string;
  /** WebAssembly SIMD128 is in use. */
  simd: boolean;
  /** This package's kernels run their relaxed-SIMD build (fused multiply-add in products). */
  relaxedSimd: boolean;
  /** Threads XNNPACK runs on (1 = single-threaded build). */
  threads: number;
  /** Kernels this package added to the wasm backend. */
  kernels: string[];
  versions: { tfjsCore: string; tfjsBackendWasm: string; tfnlpBackendWasm: string };
}

/** What the WASM backend runs with. Meaningful after `await initWasm()`. */
export async function wasmInfo(): Promise<WasmInfo> {
  const backend = tf.getBackend();
  const isWasm = backend === 'wasm';
  const simd = isWasm && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const multithread = isWasm && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  return {
    backend,
    simd,
    relaxedSimd: isWasm && usesRelaxedSimd(),
    threads: multithread ? getThreadsCount() : 1,
    kernels: kernelConfigs.map((k) => k.kernelName),
    versions: {
      tfjsCore: tf.version_core,
      tfjsBackendWasm: version_wasm,
      tfnlpBackendWasm: VERSION,
    },
  };
}
