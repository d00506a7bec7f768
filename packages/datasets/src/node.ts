// Node entry: dataset loaders, streaming archive readers, the cache and downloads.
// Re-exports the browser-safe API too, so one import is enough in Node.

export { ArchiveError, type ArchiveFile, type ReadArchiveOptions } from './archive/entry.js';
export { readFolder } from './archive/folder.js';
export { type ArchiveKind, detectArchiveKind, readArchive } from './archive/open.js';
export { readTar } from './archive/tar.js';
export { readZip } from './archive/zip.js';
export {
  type AgNewsExample,
  type AgNewsOptions,
  type AgNewsSplit,
  agNews,
} from './datasets/ag-news.js';
export { type BbcExample, type BbcOptions, type BbcSplit, bbcNews } from './datasets/bbc.js';
export { type ImdbExample, type ImdbOptions, type ImdbSplit, imdb } from './datasets/imdb.js';
export {
  type NewsgroupsExample,
  type NewsgroupsOptions,
  type NewsgroupsSplit,
  newsgroups,
} from './datasets/newsgroups.js';
export {
  type Column,
  type TabularCardInfo,
  type TabularExample,
  type TabularFormat,
  type TabularOptions,
  tabular,
  tabularCard,
  tabularLabels,
} from './datasets/tabular.js';
export * from './index.js';
export { datasetCacheDir, defaultCacheDir } from './source/cache-dir.js';
export { type Checksum, ChecksumError, hashFile, verifyFile } from './source/checksum.js';
export { DownloadError, type DownloadOptions, downloadFile } from './source/download.js';
export {
  type ContentCheck,
  ContentCheckError,
  resolveSource,
  type SourceOptions,
} from './source/resolve.js';
