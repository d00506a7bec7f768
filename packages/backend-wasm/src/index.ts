/**
 * @tfnlp/backend-wasm: the tfjs WASM SIMD backend, able to train.
 *
 * Importing this module (side effects, once):
 *  - registers tfjs-core's gradients and chained ops, which its Node build lacks;
 *  - registers the wasm backend (`@tensorflow/tfjs-backend-wasm`) and the kernels it lacks
 *    for training (see register_all_kernels.ts).
 * Then `await initWasm()` selects the backend.
 */
import './gradients.js';
import '@tensorflow/tfjs-backend-wasm';
import { registerAllKernels } from './register_all_kernels.js';

registerAllKernels();

export { type WasmInfo, wasmInfo } from './info.js';
export { type InitWasmOptions, initWasm, type WasmFileName } from './init.js';
export type { GeluApproximate } from './kernels/Gelu.js';
export { type FusedAttentionOptions, fusedAttention, hasFusedAttention } from './ops/attention.js';
export { dropoutMask, hasDropoutMask } from './ops/dropout_mask.js';
export { fusedGelu, hasFusedGelu } from './ops/gelu.js';
export { gruSequence, hasFusedGru } from './ops/gru_sequence.js';
export { fusedLayerNorm, hasFusedLayerNorm } from './ops/layer_norm.js';
export { hasFusedLstm, type LstmSequenceResult, lstmSequence } from './ops/lstm_sequence.js';
export {
  fusedSoftmaxCrossEntropy,
  hasFusedSoftmaxCrossEntropy,
} from './ops/softmax_cross_entropy.js';
export { gradientConfigs, registerAllGradients } from './register_all_gradients.js';
export { kernelConfigs, registerAllKernels } from './register_all_kernels.js';
export { useStockKernels } from './stock_kernels.js';
