// Names read from checkpoint state (the `checkpoints` list, latest.json's `name`) or given to a
// storage must be bare file names inside the checkpoint folder: checked with @tfnlp/core's
// browser-safe `bareNameProblem` (the manager also runs in a page); the file storage joins with
// `@tfnlp/core/node`'s `safeJoin`, which uses the same check.
import { bareNameProblem } from '@tfnlp/core';

/**
 * Returns `name` when it is a bare file name (no `..`, `/`, `\`, drive or absolute path, NUL or
 * other control character, at most 255 characters); throws a one-line error naming `what` otherwise.
 */
export function safeName(name: unknown, what = 'file name'): string {
  const problem = bareNameProblem(name);
  if (problem !== undefined) {
    const shown = typeof name === 'string' ? JSON.stringify(name) : String(name);
    throw new Error(
      `checkpoint: ${what} ${shown} is not a bare file name inside the checkpoint folder ` +
        `(${problem}); the checkpoint state is corrupt or was not written by @tfnlp/train.`,
    );
  }
  return name as string;
}

/** Names of the checkpoint files the trainer writes (rotation deletes nothing else). */
const CHECKPOINT_NAME = /^step-\d{8,}\.safetensors$/;

/** True when `name` is one of the trainer's own checkpoint file names. */
export function isCheckpointName(name: string): boolean {
  return CHECKPOINT_NAME.test(name);
}

/** The checkpoint file name of update `step`. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}.safetensors`;
}
