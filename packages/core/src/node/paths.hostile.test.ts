// Hostile names (issue #18): a name read from a file never reaches outside its folder, and the
// folder writer refuses it before touching the disk.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFolderAtomic } from './atomic_folder.js';
import { safeJoin } from './safe_join.js';

const rows: Array<[string, unknown, RegExp]> = [
  ['parent folder', '..', /"\.\." names a folder/],
  ['current folder', '.', /"\." names a folder/],
  ['empty', '', /it is empty/],
  ['relative escape', '../../etc/passwd', /contains a path separator/],
  ['nested path', 'sub/model.safetensors', /contains a path separator/],
  ['absolute POSIX path', '/etc/passwd', /contains a path separator/],
  ['Windows separator', '..\\secret', /contains a path separator/],
  ['Windows absolute path', 'C:\\Windows\\win.ini', /contains a path separator/],
  ['Windows drive-relative', 'C:evil', /starts with a drive letter/],
  ['NUL byte', 'model.safetensors\0.txt', /contains a NUL character/],
  ['not a string', 42, /it is number, not a string/],
  ['null', null, /it is null, not a string/],
];

describe('safeJoin refuses names that are not bare file names', () => {
  it.each(rows)('%s', (_, name, message) => {
    let error: unknown;
    try {
      safeJoin('/models/m', name as string);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(
      /is not a bare file name .*; a name read from a file must stay inside \/models\/m\.$/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('joins bare names, dotfiles and names with dots inside', () => {
    expect(safeJoin('/m', 'model.safetensors')).toBe('/m/model.safetensors');
    expect(safeJoin('/m', '.lock')).toBe('/m/.lock');
    expect(safeJoin('/m', 'a..b')).toBe('/m/a..b');
    expect(safeJoin('/m', '__proto__')).toBe('/m/__proto__');
  });
});

describe('writeFolderAtomic refuses hostile file names', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('the lock file name', async () => {
    root = mkdtempSync(join(tmpdir(), 'tfnlp-core-hostile-'));
    await expect(writeFolderAtomic(join(root, 'model'), { '.lock': '{}' })).rejects.toThrow(
      /"\.lock" is the writer lock's name/,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it.each(rows.filter(([, name]) => typeof name === 'string'))('%s', async (_, name, message) => {
    root = mkdtempSync(join(tmpdir(), 'tfnlp-core-hostile-'));
    const target = join(root, 'model');
    await expect(writeFolderAtomic(target, new Map([[name as string, 'x']]))).rejects.toThrow(
      message,
    );
    expect(existsSync(target)).toBe(false); // nothing was created, not even the lock
    expect(readdirSync(root)).toEqual([]);
  });
});
