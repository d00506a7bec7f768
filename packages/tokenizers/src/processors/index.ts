// The `processors` namespace of the public API (HF python's `tokenizers.processors`).
export { ByteLevelProcessing, ByteLevelProcessing as ByteLevel } from './byte_level.js';
export type { PostProcessor } from './post_processor.js';
export { type Piece, type SpecialToken, TemplateProcessing } from './template.js';
