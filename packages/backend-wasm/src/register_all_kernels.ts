// The manifest: every kernel this package adds to the 'wasm' backend.
// Adding a kernel = one file in kernels/ + one line here.
import {
  getKernel,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { adamUpdateConfig } from './kernels/AdamUpdate.js';
import { attentionConfig, attentionGradConfig } from './kernels/Attention.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { dropoutMaskConfig } from './kernels/DropoutMask.js';
import { gatherV2Config } from './kernels/GatherV2.js';
import { geluConfig } from './kernels/Gelu.js';
import { geluGradConfig } from './kernels/GeluGrad.js';
import { gruSequenceConfig } from './kernels/GruSequence.js';
import { gruSequenceGradConfig } from './kernels/GruSequenceGrad.js';
import { identityConfig } from './kernels/Identity.js';
import { layerNormConfig } from './kernels/LayerNorm.js';
import { layerNormGradConfig } from './kernels/LayerNormGrad.js';
import { lstmSequenceConfig } from './kernels/LstmSequence.js';
import { lstmSequenceGradConfig } from './kernels/LstmSequenceGrad.js';
import { oneHotConfig } from './kernels/OneHot.js';
import { reverseConfig } from './kernels/Reverse.js';
import { sliceConfig, splitVConfig, unpackConfig } from './kernels/Slice.js';
import { softmaxCrossEntropyConfig } from './kernels/SoftmaxCrossEntropy.js';
import { softmaxCrossEntropyGradConfig } from './kernels/SoftmaxCrossEntropyGrad.js';
import { sumConfig } from './kernels/Sum.js';
import { transposeConfig } from './kernels/Transpose.js';
import { unsortedSegmentSumConfig } from './kernels/UnsortedSegmentSum.js';
import { rememberStockKernel, stockKernel } from './stock_kernels.js';

/** The kernels this package registers for the wasm backend (its SIMD kernels and those stock wasm lacks). */
export const kernelConfigs: readonly KernelConfig[] = [
  adamUpdateConfig,
  attentionConfig,
  attentionGradConfig,
  batchMatMulConfig,
  dropoutMaskConfig,
  gatherV2Config,
  geluConfig,
  geluGradConfig,
  gruSequenceConfig,
  gruSequenceGradConfig,
  identityConfig,
  layerNormConfig,
  layerNormGradConfig,
  lstmSequenceConfig,
  lstmSequenceGradConfig,
  oneHotConfig,
  reverseConfig,
  sliceConfig,
  softmaxCrossEntropyConfig,
  softmaxCrossEntropyGradConfig,
  splitVConfig,
  sumConfig,
  transposeConfig,
  unpackConfig,
  unsortedSegmentSumConfig,
];

/**
 * Registers the manifest (also: puts it back after `useStockKernels()`). Idempotent; a stock
 * kernel of the same name is replaced and kept for `useStockKernels`.
 */
export function registerAllKernels(): void {
  for (const config of kernelConfigs) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing !== undefined) {
      rememberStockKernel(existing);
      unregisterKernel(config.kernelName, config.backendName);
    }
    // A replaced stock kernel's one-time setup still runs at backend start: other stock
    // kernels call its C++ function directly (stock Sum, BatchMatMul... use Transpose's).
    const stockSetup = stockKernel(config.kernelName)?.setupFunc;
    registerKernel(stockSetup && !config.setupFunc ? { ...config, setupFunc: stockSetup } : config);
  }
}
