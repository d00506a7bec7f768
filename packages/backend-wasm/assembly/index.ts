// WASM SIMD kernels for @tfnlp/backend-wasm, compiled by AssemblyScript.
//
// The module imports tfjs-backend-wasm's own memory, so every pointer below is a
// `memoryOffset` of a live tfjs tensor. Rules that keep that safe:
//   - no static data (data segments would be copied over the tfjs heap on load),
//   - no allocation (the stub runtime's heap is not ours),
//   - write only to the output tensors' bytes.
export { adamUpdate } from './adam';
export { attentionBackward, attentionForward } from './attention';
export { dropoutMask } from './dropout';
export { gatherRows } from './gather';
export { gruBackward, gruForward } from './gru';
export { sumLeading } from './reduce';
export { batchMatMul, gemm, gemmScratchBytes, setGemmScratch } from './gemm';
export { lstmBackward, lstmForward } from './lstm';
export { unsortedSegmentSumF32 } from './unsorted_segment_sum';
export { softmaxCrossEntropyBackward, softmaxCrossEntropyForward } from './cross_entropy';
export { geluBackward, geluForward } from './gelu';
export { layerNormBackward, layerNormForward } from './layer_norm';
export { fmaPeak } from './peak';
