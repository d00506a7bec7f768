// Browser-safe entry: the pipeline, text helpers, the in-memory CSV/TSV parser, dataset
// cards and types. Nothing here imports node:* (csv-parse comes as its browser build);
// loaders, archive readers, the cache and downloads are in '@tfnlp/datasets/node'.

export type { DatasetCard, RemoteFile } from './datasets/card.js';
export { AG_NEWS_CARD, BBC_CARD, IMDB_CARD, NEWSGROUPS_CARD } from './datasets/cards.js';
export {
  DEFAULT_READ_LIMITS,
  type ReadLimits,
  SizeLimitError,
} from './limits.js';
export { batchOrder, type PaddedBatchesOptions, paddedBatches } from './pipeline/batches.js';
export {
  type CollateOptions,
  collate,
  type MaybeTokenized,
  type PaddedBatch,
} from './pipeline/collate.js';
export { filter, fromIterable, map, take, toArray } from './pipeline/iter.js';
export { prefetch } from './pipeline/prefetch.js';
export { type ShuffleOptions, shuffle, shuffleArray } from './pipeline/shuffle.js';
export { type SplitOptions, type SplitResult, stratifiedSplit } from './pipeline/split.js';
export {
  type BatchTokenizer,
  encodeTexts,
  type TokenizeFn,
  type TokenizerLike,
} from './pipeline/tokenizer.js';
export { type DownloadProgress, formatProgress, type ProgressCallback } from './source/progress.js';
export { FormatError } from './tabular/format-error.js';
export {
  type DelimitedRecord,
  detectDelimiter,
  type ParseDelimitedOptions,
  parseDelimited,
} from './tabular/parse.js';
export { DecodeError, decodeLatin1, decodeText, type TextEncodingPolicy } from './text/decode.js';
export { escapeForTerminal } from './text/escape.js';
export {
  cleanNewsgroupPost,
  type NewsgroupsRemove,
  stripNewsgroupFooter,
  stripNewsgroupHeader,
  stripNewsgroupQuoting,
} from './text/newsgroups.js';
export type { AnyIterable, Split, TextExample } from './types.js';
