// Main entry: browser-safe (no node: module). File helpers live in `@tfnlp/tokenizers/node`.
// Stages are exported flat and as namespaces, as HF python's package groups them:
//   import { normalizers, models } from '@tfnlp/tokenizers';  new models.WordPiece(vocab)

export { type AddedToken, AddedTokenMatcher } from './added_tokens.js';
export { BpeDecoder } from './decoders/bpe.js';
export { ByteFallbackDecoder } from './decoders/byte_fallback.js';
export { ByteLevelDecoder } from './decoders/byte_level.js';
export type { Decoder } from './decoders/decoder.js';
export { FuseDecoder } from './decoders/fuse.js';
export * as decoders from './decoders/index.js';
export { MetaspaceDecoder } from './decoders/metaspace.js';
export { ReplaceDecoder } from './decoders/replace.js';
export { DecoderSequence } from './decoders/sequence.js';
export { StripDecoder } from './decoders/strip.js';
export { cleanupSpaces, WordPieceDecoder } from './decoders/word_piece.js';
export {
  Encoding,
  type Offsets,
  type PaddingDirection,
  type TruncationDirection,
} from './encoding.js';
export {
  encodeFirst,
  encodeFirstIds,
  type FirstIds,
  type FirstTokens,
} from './implementations/encode_first.js';
export {
  WORDS_AND_SYMBOLS,
  WORDS_ONLY,
  type WordLevelOptions,
  WordLevelTokenizer,
  type WordLevelTrainOptions,
  wordLevelTokenizer,
} from './implementations/word_level.js';
export { BPE, type BpeOptions, type FlatMerges } from './models/bpe.js';
export { CharLevel } from './models/char_level.js';
export * as models from './models/index.js';
export type { Model } from './models/model.js';
export { Unigram, type UnigramOptions } from './models/unigram.js';
export { WordLevel } from './models/word_level.js';
export { WordPiece, type WordPieceOptions } from './models/word_piece.js';
export { NormalizedString } from './normalized_string.js';
export { BertNormalizer, type BertNormalizerOptions } from './normalizers/bert.js';
export { HtmlLineBreaks } from './normalizers/html_line_breaks.js';
export * as normalizers from './normalizers/index.js';
export { Lowercase } from './normalizers/lowercase.js';
export type { Normalizer } from './normalizers/normalizer.js';
export { Precompiled } from './normalizers/precompiled.js';
export { Prepend } from './normalizers/prepend.js';
export { type Pattern, Replace } from './normalizers/replace.js';
export { NormalizerSequence } from './normalizers/sequence.js';
export { Strip } from './normalizers/strip.js';
export { StripAccents } from './normalizers/strip_accents.js';
export {
  NFC,
  NFD,
  NFKC,
  NFKD,
  type UnicodeForm,
  UnicodeNormalizer,
} from './normalizers/unicode.js';
export type { SplitBehavior, Token } from './pre_tokenized_string.js';
export { BertPreTokenizer } from './pre_tokenizers/bert.js';
export {
  BYTE_TO_CHAR,
  ByteLevel,
  type ByteLevelOptions,
  byteLevelAlphabet,
} from './pre_tokenizers/byte_level.js';
export { CjkChars } from './pre_tokenizers/cjk.js';
export { Digits } from './pre_tokenizers/digits.js';
export * as preTokenizers from './pre_tokenizers/index.js';
export {
  Metaspace,
  type MetaspaceOptions,
  type PrependScheme,
} from './pre_tokenizers/metaspace.js';
export type { PreTokenizer } from './pre_tokenizers/pre_tokenizer.js';
export { Punctuation } from './pre_tokenizers/punctuation.js';
export { PreTokenizerSequence } from './pre_tokenizers/sequence.js';
export { Split } from './pre_tokenizers/split.js';
export { Whitespace } from './pre_tokenizers/whitespace.js';
export { WhitespaceSplit } from './pre_tokenizers/whitespace_split.js';
export { WordNGrams } from './pre_tokenizers/word_ngrams.js';
export { ByteLevelProcessing } from './processors/byte_level.js';
export * as processors from './processors/index.js';
export type { PostProcessor } from './processors/post_processor.js';
export { type Piece, type SpecialToken, TemplateProcessing } from './processors/template.js';
export {
  decoderFromJson,
  modelFromJson,
  normalizerFromJson,
  type Obj,
  postProcessorFromJson,
  preTokenizerFromJson,
  tokenizerFromJson,
  tokenizerFromString,
  tokenizerToJson,
} from './serialization.js';
export {
  type EncodedIds,
  type EncodeInput,
  type EncodeOptions,
  type PaddingOptions,
  type Resolved,
  Tokenizer,
  type TruncationOptions,
} from './tokenizer.js';
export { BpeTrainer, type BpeTrainerOptions, type BpeTrainOutput } from './trainers/bpe.js';
export * as trainers from './trainers/index.js';
export type { Trainer, TrainResult } from './trainers/trainer.js';
export { UnigramTrainer, type UnigramTrainerOptions } from './trainers/unigram.js';
export { countWords, countWordsAsync, wordsOf } from './trainers/word_counts.js';
export { WordLevelTrainer, type WordLevelTrainerOptions } from './trainers/word_level.js';
export { WordPieceTrainer, type WordPieceTrainerOptions } from './trainers/word_piece.js';
export { parseMergesTxt, parseVocabTxt } from './vocab_files.js';
