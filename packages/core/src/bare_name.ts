// The one check that a name read from a file (a manifest, a checkpoint list, a header) is a bare
// file name: browser-safe, so code that runs in a page (train's checkpoint manager) uses it too;
// `@tfnlp/core/node`'s `safeJoin` joins with it.

/** Longest file name most file systems accept. */
export const MAX_NAME_LENGTH = 255;

/**
 * Why `name` is not a bare file name (not a string, empty, `.` or `..`, over 255 characters, a
 * NUL or control character, a path separator `/` or `\`, a drive prefix `C:`), or undefined when
 * it is one.
 */
export function bareNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string')
    return `it is ${name === null ? 'null' : typeof name}, not a string`;
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..')
    return `"${name}" names a folder (the parent or current folder)`;
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (name.includes('\0')) return 'it contains a NUL character';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (/[\u0001-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (name.includes('/') || name.includes('\\')) return 'it contains a path separator';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  return undefined;
}
