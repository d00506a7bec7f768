// The `models` namespace of the public API (HF python's `tokenizers.models`).
export { BPE, type BpeOptions, type FlatMerges } from './bpe.js';
export { CharLevel } from './char_level.js';
export type { Model } from './model.js';
export { Unigram, type UnigramOptions } from './unigram.js';
export { WordLevel } from './word_level.js';
export { WordPiece, type WordPieceOptions } from './word_piece.js';
