// Names read from checkpoint state (the `checkpoints` list, latest.json's `name`) or given to a
// storage must be bare file names inside the checkpoint folder. The manager checks them here, not
// with `@tfnlp/core/node`'s `safeJoin`, because it also runs in a page (no `node:` imports); the
// file storage joins with `safeJoin`.

/** Longest file name most file systems accept. */
const MAX_NAME = 255;

/**
 * Returns `name` when it is a bare file name (no `..`, `/`, `\`, drive or absolute path, NUL or
 * other control character, at most 255 characters); throws a one-line error naming `what` otherwise.
 */
export function safeName(name: unknown, what = 'file name'): string {
  const problem = nameProblem(name);
  if (problem !== undefined) {
    const shown = typeof name === 'string' ? JSON.stringify(name) : String(name);
    throw new Error(
      `checkpoint: ${what} ${shown} is not a bare file name inside the checkpoint folder ` +
        `(${problem}); the checkpoint state is corrupt or was not written by @tfnlp/train.`,
    );
  }
  return name as string;
}

function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'not a string';
  if (name.length === 0) return 'empty';
  if (name.length > MAX_NAME) return `longer than ${MAX_NAME} characters`;
  if (name === '.' || name === '..') return 'a parent or current folder';
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and control characters are what we refuse.
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains NUL or a control character';
  return undefined;
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
