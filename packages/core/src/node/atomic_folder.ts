import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder, writeAndSync } from './atomic_file.js';
import { acquireLock, LOCK_FILE } from './lock.js';
import { safeJoin } from './safe_join.js';
import { tempSibling } from './temp_names.js';

/** The files of a folder to write: bare names to bytes or UTF-8 text. */
export type FolderFiles =
  | ReadonlyMap<string, Uint8Array | string>
  | Readonly<Record<string, Uint8Array | string>>;

/**
 * Writes a whole folder (e.g. a model: config.json, model.safetensors, tokenizer.json) as a unit:
 * under the folder's writer lock, every file goes into a temporary sibling folder (each fsynced),
 * which then replaces `target` by renames. A reader sees the old folder or the new one, never a
 * mix; a writer killed midway leaves the old folder as it was (and a temporary that
 * `cleanStaleTemps` removes). Afterwards `target` holds exactly `files`.
 */
export async function writeFolderAtomic(target: string, files: FolderFiles): Promise<void> {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  for (const [name] of entries) {
    safeJoin(target, name); // refuse "../x" before touching the disk
    if (name === LOCK_FILE) {
      throw new Error(
        `writeFolderAtomic: "${LOCK_FILE}" is the writer lock's name; rename that file.`,
      );
    }
  }
  const lock = await acquireLock(target);
  try {
    const staged = await createStagingFolder(target);
    try {
      for (const [name, data] of entries) await writeAndSync(safeJoin(staged, name), data);
      await syncFolder(staged);
    } catch (error) {
      await rm(staged, { recursive: true, force: true });
      throw error;
    }
    await commitFolder(staged, target);
  } finally {
    await lock.release();
  }
}

/** A new, empty temporary folder next to `target`, for `commitFolder` (its parent is created if missing). */
export async function createStagingFolder(target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const staged = tempSibling(target, 'tmp');
  await mkdir(staged);
  return staged;
}

/**
 * Replaces folder `target` with the complete folder `staged` (same parent, e.g. from
 * `createStagingFolder`): `target` is renamed aside, `staged` renamed into its place, the old one
 * removed. If the second rename fails the old folder is put back. Between the two renames
 * `target` is briefly absent; a crash there leaves the old folder aside, which
 * `cleanStaleTemps(parent)` renames back.
 */
export async function commitFolder(staged: string, target: string): Promise<void> {
  const exists = await stat(target).then(
    (s) => {
      if (!s.isDirectory()) throw new Error(`commitFolder: ${target} exists and is not a folder.`);
      return true;
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  const aside = tempSibling(target, 'old');
  if (exists) await rename(target, aside);
  try {
    await rename(staged, target);
  } catch (error) {
    if (exists) await rename(aside, target).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(target));
  if (exists) await rm(aside, { recursive: true, force: true });
}
