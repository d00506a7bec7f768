import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from './lock.js';
import { isProcessAlive, parseTempName } from './temp_names.js';

/** What `cleanStaleTemps` did, as paths. */
export interface CleanReport {
  /** Temporaries (and a dead writer's lock) deleted. */
  removed: string[];
  /** Old folders moved back to their name (a writer was killed in the middle of a swap). */
  restored: string[];
}

/**
 * Tidies `dir` after a writer of this package was killed: deletes its temporary files and folders
 * (`.<name>.tfnlp-tmp-<pid>-...`) and its `.lock` when that pid no longer runs on this machine,
 * and renames an old folder moved aside mid-swap back to its name when that name is empty.
 * Temporaries of live processes are left alone. A missing `dir` is nothing to clean.
 */
export async function cleanStaleTemps(dir: string): Promise<CleanReport> {
  const report: CleanReport = { removed: [], restored: [] };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw error;
  }
  for (const name of names.sort()) {
    const temp = parseTempName(name);
    if (temp === undefined || isProcessAlive(temp.pid)) continue;
    const path = join(dir, name);
    const original = join(dir, temp.target);
    // A lock moved aside during a take-over is never restored: its writer is gone.
    if (temp.kind === 'old' && temp.target !== LOCK_FILE && !(await exists(original))) {
      await rename(path, original);
      report.restored.push(original);
    } else {
      await rm(path, { recursive: true, force: true });
      report.removed.push(path);
    }
  }
  await removeDeadLock(join(dir, LOCK_FILE), report);
  return report;
}

async function removeDeadLock(path: string, report: CleanReport): Promise<void> {
  let pid: unknown;
  let host: unknown;
  try {
    ({ pid, hostname: host } = JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return; // no lock, or not ours to judge
  }
  if (host === hostname() && typeof pid === 'number' && !isProcessAlive(pid)) {
    await rm(path, { force: true });
    report.removed.push(path);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
