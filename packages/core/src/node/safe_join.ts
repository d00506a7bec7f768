import { join } from 'node:path';
import { bareNameProblem } from '../bare_name.js';

/**
 * `join(dir, name)` for a `name` read from a file (a config, a manifest, a header): it must be a
 * bare file name, so a hostile file cannot make a writer or reader touch anything outside `dir`.
 * Throws when `bareNameProblem` (the main entry) finds a problem: empty, `.` or `..`, a path
 * separator, a NUL or control character, a drive prefix, over 255 characters.
 */
export function safeJoin(dir: string, name: string): string {
  const why = bareNameProblem(name);
  if (why !== undefined) {
    throw new Error(
      `${show(name)} is not a bare file name (${why}); a name read from a file must stay inside ${dir}.`,
    );
  }
  return join(dir, name);
}

function show(name: unknown): string {
  const s = JSON.stringify(name) ?? String(name);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
