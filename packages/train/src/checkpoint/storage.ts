import { safeName } from './safe_name.js';

/**
 * Where checkpoints go. `write` must be atomic: a reader sees the old file or the new one,
 * never a partial one. In Node, `fileStorage(dir)` from `@tfnlp/train/node` writes to a
 * temporary name in the folder, flushes it and renames it over the target. In a page, pass an
 * implementation over IndexedDB or the origin-private file system. Names are bare file names.
 */
export interface CheckpointStorage {
  /** A label for messages (e.g. the folder). */
  readonly location: string;
  /** Writes a file atomically: a reader never sees it half-written. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or undefined when there is no such file. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Deletes a file; a missing file is not an error. */
  remove(name: string): Promise<void>;
  /** Full path or URL of a file, for messages. */
  resolve(name: string): string;
  /**
   * Called when a fit starts, before any training: checks that the place can be written (a clear
   * error if not), takes the single-writer lock (a clear error when another writer holds it) and
   * removes stale temporaries of killed writes. Resolves to the function that releases the lock.
   */
  open?(): Promise<() => Promise<void>>;
}

/** Checkpoints kept in memory (tests, or a page that saves elsewhere itself); one writer at a time. */
export function memoryStorage(): CheckpointStorage & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  let locked = false;
  return {
    files,
    location: 'memory',
    resolve: (name) => `memory:${name}`,
    async write(name, bytes) {
      files.set(safeName(name), bytes.slice());
    },
    async read(name) {
      return files.get(safeName(name))?.slice();
    },
    async remove(name) {
      files.delete(safeName(name));
    },
    async open() {
      if (locked) {
        throw new Error(
          'checkpoint: this memory storage is already used by a running fit; give each trainer its own storage.',
        );
      }
      locked = true;
      return async () => {
        locked = false;
      };
    },
  };
}
