import { link, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeAndSync } from './atomic_file.js';
import { isProcessAlive, tempSibling } from './temp_names.js';

/** The lock file inside a folder being written. */
export const LOCK_FILE = '.lock';

/** A held writer lock on a folder (from `acquireLock`). */
export interface FolderLock {
  /** The lock file, `<dir>/.lock`. */
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

interface LockInfo {
  pid: number;
  hostname: string;
  since: string;
}

/**
 * Takes the exclusive writer lock of folder `dir` (created if missing): a `.lock` file holding
 * our pid, created with O_EXCL so two writers cannot both get it. A second writer gets a clear
 * error naming the holder's pid; a lock left by a process that is gone (same machine) is taken
 * over. Release it with `lock.release()` in a `finally`.
 */
export async function acquireLock(dir: string): Promise<FolderLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeAndSync(path, `${JSON.stringify(mine)}\n`);
      return { path, release: () => releaseLock(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    if (holder === 'missing') continue; // released meanwhile: try again
    if (!(await isStale(path, holder))) {
      const who = holder === 'unreadable' ? 'another process' : describe(holder);
      throw new Error(
        `folder ${dir} is being written by ${who}; wait or delete ${path} if that process is gone.`,
      );
    }
    await takeOver(path);
  }
  throw new Error(
    `folder ${dir}: could not take ${path} (other writers keep racing for it); try again.`,
  );
}

/** The lock's content, 'missing' when there is none, 'unreadable' when it is not our JSON. */
async function readLock(path: string): Promise<LockInfo | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const info = JSON.parse(text) as Partial<LockInfo>;
    if (Number.isSafeInteger(info.pid) && typeof info.hostname === 'string')
      return info as LockInfo;
  } catch {
    // fall through
  }
  return 'unreadable';
}

/** A lock of a dead pid on this machine, or an unreadable one older than 10 s (a writer killed while creating it). */
async function isStale(path: string, holder: LockInfo | 'unreadable'): Promise<boolean> {
  if (holder === 'unreadable') {
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    return age > 10_000;
  }
  return holder.hostname === hostname() && !isProcessAlive(holder.pid);
}

/**
 * Moves a stale lock aside (rename is atomic: of two writers taking over, one wins), then checks
 * that what it moved is still stale; if a live writer's lock was moved by mistake it goes back.
 */
async function takeOver(path: string): Promise<void> {
  const aside = tempSibling(path, 'old');
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else took it
    throw error;
  }
  const moved = await readLock(aside);
  if (moved !== 'missing' && !(await isStale(aside, moved))) {
    await link(aside, path).catch(() => undefined); // put it back unless a new lock exists
  }
  await rm(aside, { force: true });
}

async function releaseLock(path: string): Promise<void> {
  const holder = await readLock(path);
  if (holder !== 'missing' && holder !== 'unreadable' && holder.pid === process.pid) {
    await rm(path, { force: true });
  }
}

function describe(info: LockInfo): string {
  return info.hostname === hostname() ? `pid ${info.pid}` : `pid ${info.pid} on ${info.hostname}`;
}
