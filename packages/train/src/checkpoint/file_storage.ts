// Checkpoints as files in a folder (Node only; exported from `@tfnlp/train/node`). The atomic
// writes, the writer lock and the clean-up after killed writers are `@tfnlp/core/node`'s.
import * as fs from 'node:fs/promises';
import {
  acquireLock,
  assertWritable,
  cleanStaleTemps,
  LOCK_FILE,
  safeJoin,
  writeFileAtomic,
} from '@tfnlp/core/node';
import type { CheckpointStorage } from './storage.js';

/** Name of the writer lock file in a checkpoint folder. */
export { LOCK_FILE };

/**
 * Checkpoints as files in `dir` (created when needed), written atomically: a temporary file in the
 * same folder, flushed, then renamed over the target. `open()` (called by `fit`) checks the folder
 * is writable, takes `dir/.lock` (another live process holding it is an error; a lock left by a
 * killed process is taken over) and removes the temporaries of killed writers.
 */
export function fileStorage(dir: string): CheckpointStorage {
  const at = (name: string) => safeJoin(dir, name);
  return {
    location: dir,
    resolve: (name) => `${dir.replace(/\/+$/, '')}/${safeJoin('', name)}`,
    async write(name, bytes) {
      const target = at(name);
      await fs.mkdir(dir, { recursive: true });
      await writeFileAtomic(target, bytes);
    },
    async read(name) {
      try {
        return new Uint8Array(await fs.readFile(at(name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(name) {
      await fs.rm(at(name), { force: true });
    },
    async open() {
      try {
        await assertWritable(dir);
      } catch (error) {
        throw new Error(`checkpoint: ${(error as Error).message}`);
      }
      let lock: Awaited<ReturnType<typeof acquireLock>>;
      try {
        lock = await acquireLock(dir);
      } catch (error) {
        throw new Error(`checkpoint: ${(error as Error).message}`);
      }
      await cleanStaleTemps(dir);
      return () => lock.release();
    },
  };
}
