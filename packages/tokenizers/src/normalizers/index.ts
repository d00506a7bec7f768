// The `normalizers` namespace of the public API (HF python's `tokenizers.normalizers`).
export { BertNormalizer, type BertNormalizerOptions } from './bert.js';
export { HtmlLineBreaks } from './html_line_breaks.js';
export { Lowercase } from './lowercase.js';
export type { Normalizer } from './normalizer.js';
export { Precompiled } from './precompiled.js';
export { Prepend } from './prepend.js';
export { type Pattern, Replace } from './replace.js';
export { NormalizerSequence, NormalizerSequence as Sequence } from './sequence.js';
export { Strip } from './strip.js';
export { StripAccents } from './strip_accents.js';
export { NFC, NFD, NFKC, NFKD, type UnicodeForm, UnicodeNormalizer } from './unicode.js';
