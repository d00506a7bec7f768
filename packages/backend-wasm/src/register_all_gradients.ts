// The gradient manifest: gradients this package adds to, or fixes in, tfjs-core's set.
// Adding one = one file in gradients/ + one line here.
import { type GradConfig, registerGradient } from '@tensorflow/tfjs-core';
import { attentionGradConfig } from './gradients/Attention_grad.js';
import { batchMatMulGradConfig } from './gradients/BatchMatMul_grad.js';
import { geluGradConfig } from './gradients/Gelu_grad.js';
import { gruSequenceGradConfig } from './gradients/GruSequence_grad.js';
import { layerNormGradConfig } from './gradients/LayerNorm_grad.js';
import { lstmSequenceGradConfig } from './gradients/LstmSequence_grad.js';
import { softmaxCrossEntropyGradConfig } from './gradients/SoftmaxCrossEntropy_grad.js';

/** Gradients this package registers over tfjs-core's: BatchMatMul and its fused kernels (sequences, attention, LayerNorm, GELU, cross-entropy). */
export const gradientConfigs: readonly GradConfig[] = [
  attentionGradConfig,
  batchMatMulGradConfig,
  geluGradConfig,
  gruSequenceGradConfig,
  layerNormGradConfig,
  lstmSequenceGradConfig,
  softmaxCrossEntropyGradConfig,
];

/** Registers the manifest over tfjs-core's gradients of the same kernels. Idempotent. */
export function registerAllGradients(): void {
  for (const config of gradientConfigs) registerGradient(config);
}
