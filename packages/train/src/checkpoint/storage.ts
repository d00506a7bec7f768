/**
 * Where checkpoints go. `write` must be atomic: a reader sees the old file or the new one,
 * never a partial one. The default, `fileStorage(dir)`, writes to a temporary name in the same
 * folder, flushes it to disk and renames it over the target (Node only). In a page, pass an
 * implementation over IndexedDB or the origin-private file system.
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
}

/** Checkpoints as files in `dir` (created on first write), written atomically. Node only. */
export function fileStorage(dir: string): CheckpointStorage {
  const load = async () => {
    const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    return { fs, path };
  };
  return {
    location: dir,
    resolve: (name) => `${dir.replace(/\/+$/, '')}/${name}`,
    async write(name, bytes) {
      const { fs, path } = await load();
      await fs.mkdir(dir, { recursive: true });
      const target = path.join(dir, name);
      const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    },
    async read(name) {
      const { fs, path } = await load();
      try {
        return new Uint8Array(await fs.readFile(path.join(dir, name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(name) {
      const { fs, path } = await load();
      await fs.rm(path.join(dir, name), { force: true });
    },
  };
}

/** Checkpoints kept in memory (tests, or a page that saves elsewhere itself). */
export function memoryStorage(): CheckpointStorage & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    location: 'memory',
    resolve: (name) => `memory:${name}`,
    async write(name, bytes) {
      files.set(name, bytes.slice());
    },
    async read(name) {
      return files.get(name)?.slice();
    },
    async remove(name) {
      files.delete(name);
    },
  };
}
