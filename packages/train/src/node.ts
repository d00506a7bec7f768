/**
 * @tfnlp/train/node: what only runs in Node — checkpoint files, the JSONL log file and
 * data-parallel training over worker_threads. Everything else is in `@tfnlp/train`, whose
 * import graph has no `node:` module (so it bundles for a page).
 */
export { JsonlLogger, type JsonlLoggerOptions } from './callbacks/jsonl_logger.js';
export { fileStorage, LOCK_FILE } from './checkpoint/file_storage.js';
export { DataParallel, type DataParallelOptions } from './parallel/data_parallel.js';
