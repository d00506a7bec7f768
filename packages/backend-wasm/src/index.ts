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
export { hasFusedLstm, type LstmSequenceResult, lstmSequence } from './ops/lstm_sequence.js';
export { gradientConfigs, registerAllGradients } from './register_all_gradients.js';
export {
  kernelConfigs,
  registerAllKernels,
  registerAllKernels as useTfnlpKernels,
} from './register_all_kernels.js';
export { useStockKernels } from './stock_kernels.js';
