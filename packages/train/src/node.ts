/**
 * @tfnlp/train/node: what only runs in Node — data-parallel training over worker_threads.
 * Everything else is in `@tfnlp/train`.
 */
export { DataParallel, type DataParallelOptions } from './parallel/data_parallel.js';
