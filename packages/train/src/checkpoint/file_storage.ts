// Checkpoints as files in a folder (Node only; exported from `@tfnlp/train/node`).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { safeName } from './safe_name.js';
import type { CheckpointStorage } from './storage.js';

/** Name of the writer lock file in a checkpoint folder. */
export const LOCK_FILE = '.lock';
/** Temporaries are `<target>.tmp-<pid>-<random>`; stale ones are removed by the next writer. */
const TEMP = /\.tmp-\d+-[0-9a-f]+$/;

/**
 * Checkpoints as files in `dir` (created when needed), written atomically: a temporary file in the
 * same folder, flushed, then renamed over the target. `open()` (called by `fit`) checks the folder
 * is writable, takes `dir/.lock` (another live process holding it is an error; a lock left by a
 * killed process is taken over) and removes stale temporaries.
 */
export function fileStorage(dir: string): CheckpointStorage {
  const at = (name: string) => path.join(dir, safeName(name));
  return {
    location: dir,
    resolve: (name) => `${dir.replace(/\/+$/, '')}/${safeName(name)}`,
    async write(name, bytes) {
      const target = at(name);
      await fs.mkdir(dir, { recursive: true });
      const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        const handle = await fs.open(temp, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
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
      const lock = path.join(dir, LOCK_FILE);
      try {
        await fs.mkdir(dir, { recursive: true });
        await fs.access(dir, fs.constants.W_OK);
      } catch (error) {
        throw new Error(
          `checkpoint: cannot write to the checkpoint folder ${dir} ` +
            `(${(error as NodeJS.ErrnoException).code ?? error}); choose a writable folder.`,
        );
      }
      await takeLock(lock);
      for (const entry of await fs.readdir(dir)) {
        if (TEMP.test(entry)) await fs.rm(path.join(dir, entry), { force: true });
      }
      return async () => {
        await fs.rm(lock, { force: true });
      };
    },
  };
}

/** Creates `lock` exclusively; takes over a lock whose process (on this host) is gone. */
async function takeLock(lock: string): Promise<void> {
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lock, mine, { flag: 'wx' });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new Error(
          `checkpoint: cannot write the lock file ${lock} (${code ?? error}); choose a writable folder.`,
        );
      }
    }
    const holder = await readHolder(lock);
    if (holder !== undefined && holderAlive(holder)) {
      throw new Error(
        `checkpoint: the folder ${path.dirname(lock)} is in use by another training process ` +
          `(pid ${holder.pid} on ${holder.host}, lock ${lock}); wait for it, use another folder, ` +
          'or delete the lock file if no such run exists.',
      );
    }
    await fs.rm(lock, { force: true }); // left by a killed process
  }
  throw new Error(`checkpoint: could not take the lock ${lock}; another writer raced for it.`);
}

async function readHolder(lock: string): Promise<{ pid: number; host: string } | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(lock, 'utf8')) as unknown;
    const { pid, host } = parsed as { pid?: unknown; host?: unknown };
    if (typeof pid === 'number' && Number.isInteger(pid) && typeof host === 'string') {
      return { pid, host };
    }
  } catch {
    // unreadable or half-written: treated as stale
  }
  return undefined;
}

function holderAlive(holder: { pid: number; host: string }): boolean {
  if (holder.host !== hostname()) return true; // cannot tell: assume the other machine is running
  if (holder.pid === process.pid) return true; // a second writer in this very process
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
