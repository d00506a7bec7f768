// Where the real archives are for integration tests: $TFNLP_DATA_DIR, else ../shared/data
// next to the repository root. Tests skip, saying why, when a file is absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const DATA_DIR = process.env.TFNLP_DATA_DIR || resolve(repoRoot, '..', 'shared', 'data');

/** Absolute path of a data file, and a label that says why tests skip when it is missing. */
export function realFile(relative: string): { path: string; present: boolean; label: string } {
  const path = join(DATA_DIR, relative);
  const present = existsSync(path);
  if (!present) {
    console.warn(
      `[datasets] skipping integration tests: ${path} is absent (set TFNLP_DATA_DIR to the folder holding ${relative}).`,
    );
  }
  return { path, present, label: present ? relative : `${relative} (absent: skipped)` };
}
