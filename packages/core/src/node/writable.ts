import { mkdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../format.js';
import { writeAndSync } from './atomic_file.js';
import { tempSibling } from './temp_names.js';

/** Options of `assertWritable`. */
export interface AssertWritableOptions {
  /** Also require this many free bytes on the folder's file system (e.g. the size of a few checkpoints). */
  minFreeBytes?: number;
}

/**
 * Checks, before a long job, that files can be written in `dir` (created if missing): writes,
 * fsyncs and deletes a small probe file, and optionally checks the free space. Throws one clear
 * line saying what is wrong, so a training run fails at its start and not after hours.
 */
export async function assertWritable(
  dir: string,
  options: AssertWritableOptions = {},
): Promise<void> {
  const probe = tempSibling(join(dir, 'write-probe'), 'tmp');
  try {
    await mkdir(dir, { recursive: true });
    await writeAndSync(probe, 'tfnlp write probe\n');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new Error(
      `folder ${dir} is not writable (${e.code ?? e.message}); choose another output folder or fix its permissions.`,
    );
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  if (options.minFreeBytes !== undefined) {
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    if (free < options.minFreeBytes) {
      throw new Error(
        `folder ${dir} has ${formatBytes(free)} free, less than the ${formatBytes(options.minFreeBytes)} needed; free some space or choose another folder.`,
      );
    }
  }
}
