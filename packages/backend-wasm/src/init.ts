import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { type WasmInfo, wasmInfo } from './info.js';
import { precompileSimdKernels } from './simd_kernels.js';

/** The three binaries of @tensorflow/tfjs-backend-wasm, by file name. */
export type WasmFileName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Options of `initWasm`. */
export interface InitWasmOptions {
  /**
   * Where the .wasm files are served from: a folder URL ending in '/', or one URL per
   * file (in a Vite page: `import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'`).
   * Not needed in Node, where tfjs-backend-wasm finds its own files.
   */
  wasmPaths?: string | Partial<Record<WasmFileName, string>>;
  /**
   * Threads for XNNPACK in the threaded build (a cross-origin isolated page). The C++
   * side caps this at floor(logical cores / 2). Ignored where threads are unavailable.
   */
  numThreads?: number;
  /**
   * Use the relaxed-SIMD build of this package's kernels (a fused multiply-add in every matrix
   * product) where the engine has relaxed SIMD (default true; in Node 20 this turns on V8's
   * --experimental-wasm-relaxed-simd, which Node 22 has on by default). `TFNLP_RELAXED_SIMD=0`
   * in Node's environment also turns it off. Results differ from the plain build by float
   * rounding only.
   */
  relaxedSimd?: boolean;
}

let initialized: Promise<WasmInfo> | undefined;

/**
 * Selects the WASM backend and waits until it is ready. Call once, before creating any
 * tensor; later calls return the same promise. Resolves to what the backend runs with.
 *
 * @example
 * ```ts
 * import { initWasm } from '@tfnlp/backend-wasm';
 * const info = await initWasm();
 * console.log(info.simd, info.threads); // true 1
 * ```
 */
export function initWasm(options: InitWasmOptions = {}): Promise<WasmInfo> {
  initialized ??= start(options).catch((error: unknown) => {
    initialized = undefined; // let the caller retry, e.g. with other wasmPaths
    throw error;
  });
  return initialized;
}

async function start(options: InitWasmOptions): Promise<WasmInfo> {
  if (typeof WebAssembly !== 'object') {
    throw new Error(
      '@tfnlp/backend-wasm: this runtime has no WebAssembly; use a current Node.js or browser.',
    );
  }
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  if (options.numThreads !== undefined) setThreadsCount(options.numThreads);
  await precompileSimdKernels({ relaxedSimd: options.relaxedSimd ?? true });
  const ok = await tf.setBackend('wasm');
  if (!ok) {
    throw new Error(
      "@tfnlp/backend-wasm: the 'wasm' backend failed to initialise. In a bundled page, pass " +
        'initWasm({ wasmPaths }) the URLs of the tfjs-backend-wasm .wasm files.',
    );
  }
  await tf.ready();
  return wasmInfo();
}
