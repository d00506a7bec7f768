// The manifest: every kernel this package adds to the 'wasm' backend.
// Adding a kernel = one file in kernels/ + one line here.
import {
  getKernel,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { unsortedSegmentSumConfig } from './kernels/UnsortedSegmentSum.js';

export const kernelConfigs: readonly KernelConfig[] = [unsortedSegmentSumConfig];

/** Registers the manifest. Idempotent; a stock kernel of the same name is replaced. */
export function registerAllKernels(): void {
  for (const config of kernelConfigs) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing === config) continue;
    if (existing !== undefined) unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  }
}
