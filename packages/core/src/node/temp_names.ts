import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Names of the temporaries our writers leave next to a target while they work, so that
 * `cleanStaleTemps` can recognise them (and their writer's pid) after a crash:
 * `.<name>.tfnlp-tmp-<pid>-<hex>` (a file or folder being written) and
 * `.<name>.tfnlp-old-<pid>-<hex>` (the previous folder, moved aside during a swap).
 */
export type TempKind = 'tmp' | 'old';

const PATTERN = /^\.(.+)\.tfnlp-(tmp|old)-(\d+)-[0-9a-f]+$/;

/** A fresh temporary path next to `target` (same folder, so a rename onto `target` is atomic). */
export function tempSibling(target: string, kind: TempKind): string {
  const name = `.${basename(target)}.tfnlp-${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(target), name);
}

/** What a temporary's name says: the target name, its kind and its writer's pid; undefined if not ours. */
export function parseTempName(
  name: string,
): { target: string; kind: TempKind; pid: number } | undefined {
  const m = PATTERN.exec(name);
  return m ? { target: m[1]!, kind: m[2] as TempKind, pid: Number(m[3]) } : undefined;
}

/** Whether a process with this pid runs on this machine (a pid we may not signal still runs). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
