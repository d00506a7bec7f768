// The `decoders` namespace of the public API (HF python's `tokenizers.decoders`).
export { BpeDecoder } from './bpe.js';
export { ByteFallbackDecoder } from './byte_fallback.js';
export { ByteLevelDecoder } from './byte_level.js';
export type { Decoder } from './decoder.js';
export { FuseDecoder } from './fuse.js';
export { MetaspaceDecoder } from './metaspace.js';
export { ReplaceDecoder } from './replace.js';
export { DecoderSequence } from './sequence.js';
export { StripDecoder } from './strip.js';
export { WordPieceDecoder } from './word_piece.js';
