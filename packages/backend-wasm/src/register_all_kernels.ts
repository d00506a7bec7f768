// The manifest: every kernel this package adds to the 'wasm' backend.
// Adding a kernel = one file in kernels/ + one line here.
import {
  getKernel,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { gatherV2Config } from './kernels/GatherV2.js';
import { lstmSequenceConfig } from './kernels/LstmSequence.js';
import { lstmSequenceGradConfig } from './kernels/LstmSequenceGrad.js';
import { oneHotConfig } from './kernels/OneHot.js';
import { sumConfig } from './kernels/Sum.js';
import { unsortedSegmentSumConfig } from './kernels/UnsortedSegmentSum.js';
import { rememberStockKernel } from './stock_kernels.js';

export const kernelConfigs: readonly KernelConfig[] = [
  batchMatMulConfig,
  gatherV2Config,
  lstmSequenceConfig,
  lstmSequenceGradConfig,
  oneHotConfig,
  sumConfig,
  unsortedSegmentSumConfig,
];

/**
 * Registers the manifest (also: puts it back after `useStockKernels()`). Idempotent; a stock
 * kernel of the same name is replaced and kept for `useStockKernels`.
 */
export function registerAllKernels(): void {
  for (const config of kernelConfigs) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing === config) continue;
    if (existing !== undefined) {
      rememberStockKernel(existing);
      unregisterKernel(config.kernelName, config.backendName);
    }
    registerKernel(config);
  }
}
