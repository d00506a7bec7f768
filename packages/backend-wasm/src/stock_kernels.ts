// Stock tfjs-backend-wasm kernels that this package replaced, kept so a replacement can
// still delegate the cases it does not speed up.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

const replaced = new Map<string, KernelConfig>();
const setUp = new WeakMap<BackendWasm, Set<string>>();

export function rememberStockKernel(config: KernelConfig): void {
  if (!replaced.has(config.kernelName)) replaced.set(config.kernelName, config);
}

/** The stock config this package replaced for `name`, if any. */
export function stockKernel(name: string): KernelConfig | undefined {
  return replaced.get(name);
}

/** Runs the stock kernel `name` (running its one-time setup for `backend` first). */
export function runStockKernel(
  name: string,
  args: Parameters<KernelFunc>[0] & { backend: BackendWasm },
): TensorInfo {
  const config = replaced.get(name);
  if (config === undefined)
    throw new Error(`@tfnlp/backend-wasm: no stock '${name}' kernel to fall back to.`);
  let done = setUp.get(args.backend);
  if (done === undefined) setUp.set(args.backend, (done = new Set()));
  if (!done.has(name)) {
    config.setupFunc?.(args.backend);
    done.add(name);
  }
  return config.kernelFunc(args) as TensorInfo;
}

/**
 * Swaps the stock tfjs-backend-wasm kernels back in for `names` (default: every kernel this
 * package replaced), for A/B benchmarks and for ruling this package out when debugging.
 * `registerAllKernels()` undoes it.
 */
export function useStockKernels(names: string[] = [...replaced.keys()]): void {
  for (const name of names) {
    if (!replaced.has(name))
      throw new Error(`useStockKernels: '${name}' is not a kernel this package replaced.`);
    unregisterKernel(name, 'wasm');
    registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: (args) => runStockKernel(name, args as Parameters<typeof runStockKernel>[1]),
    });
  }
}
