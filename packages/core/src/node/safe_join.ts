import { join } from 'node:path';

/**
 * `join(dir, name)` for a `name` read from a file (a config, a manifest, a header): it must be a
 * bare file name, so a hostile file cannot make a writer or reader touch anything outside `dir`.
 * Throws when `name` is empty, `.` or `..`, holds a path separator (`/` or `\`), a NUL, or a
 * drive prefix (`C:`).
 */
export function safeJoin(dir: string, name: string): string {
  const why = unsafeReason(name);
  if (why !== undefined) {
    throw new Error(
      `${show(name)} is not a bare file name (${why}); a name read from a file must stay inside ${dir}.`,
    );
  }
  return join(dir, name);
}

function unsafeReason(name: unknown): string | undefined {
  if (typeof name !== 'string')
    return `it is ${name === null ? 'null' : typeof name}, not a string`;
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return `"${name}" names a folder`;
  if (name.includes('\0')) return 'it contains a NUL character';
  if (name.includes('/') || name.includes('\\')) return 'it contains a path separator';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  return undefined;
}

function show(name: unknown): string {
  const s = JSON.stringify(name) ?? String(name);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
