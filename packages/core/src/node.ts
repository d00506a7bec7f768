/**
 * @tfnlp/core/node: file-system helpers for writers of model and checkpoint folders (Node only).
 * Re-exports the browser-safe API too, so one import is enough in Node.
 */

export * from './index.js';
export { writeFileAtomic } from './node/atomic_file.js';
export {
  commitFolder,
  createStagingFolder,
  type FolderFiles,
  writeFolderAtomic,
} from './node/atomic_folder.js';
export { acquireLock, type FolderLock, LOCK_FILE } from './node/lock.js';
export { safeJoin } from './node/safe_join.js';
export { type CleanReport, cleanStaleTemps } from './node/stale_temps.js';
export { type AssertWritableOptions, assertWritable } from './node/writable.js';
