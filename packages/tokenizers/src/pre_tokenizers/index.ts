// The `preTokenizers` namespace of the public API (HF python's `tokenizers.pre_tokenizers`).
export type { SplitBehavior } from '../pre_tokenized_string.js';
export { BertPreTokenizer } from './bert.js';
export { ByteLevel, type ByteLevelOptions, byteLevelAlphabet } from './byte_level.js';
export { CjkChars } from './cjk.js';
export { Digits } from './digits.js';
export { Metaspace, type MetaspaceOptions, type PrependScheme } from './metaspace.js';
export type { PreTokenizer } from './pre_tokenizer.js';
export { Punctuation } from './punctuation.js';
export { PreTokenizerSequence, PreTokenizerSequence as Sequence } from './sequence.js';
export { Split } from './split.js';
export { Whitespace } from './whitespace.js';
export { WhitespaceSplit } from './whitespace_split.js';
export { WordNGrams } from './word_ngrams.js';
