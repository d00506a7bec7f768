import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic_file.js';
import { commitFolder, createStagingFolder, writeFolderAtomic } from './atomic_folder.js';
import { assertWritable } from './writable.js';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tfnlp-core-atomic-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes new files and replaces old ones, leaving no temporary behind', async () => {
    const path = join(root, 'a.bin');
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, 'text');
    expect(readFileSync(path, 'utf8')).toBe('text');
    expect(readdirSync(root)).toEqual(['a.bin']);
  });

  it('fails cleanly when the folder is missing', async () => {
    await expect(writeFileAtomic(join(root, 'nope', 'a'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('writeFolderAtomic', () => {
  it('creates a folder, then replaces it as a unit (old files gone)', async () => {
    const target = join(root, 'model');
    await writeFolderAtomic(target, {
      'config.json': '{"a":1}',
      'model.safetensors': new Uint8Array(16),
    });
    expect(readdirSync(target).sort()).toEqual(['config.json', 'model.safetensors']);
    await writeFolderAtomic(target, new Map([['config.json', '{"a":2}']]));
    expect(readdirSync(target)).toEqual(['config.json']);
    expect(readFileSync(join(target, 'config.json'), 'utf8')).toBe('{"a":2}');
    expect(readdirSync(root)).toEqual(['model']); // no temporaries, lock released
  });

  it('refuses a second writer while the lock is held', async () => {
    const target = join(root, 'model');
    mkdirSync(target);
    writeFileSync(
      join(target, '.lock'),
      JSON.stringify({ pid: process.ppid, hostname: (await import('node:os')).hostname() }),
    );
    await expect(writeFolderAtomic(target, { a: 'x' })).rejects.toThrow(
      `folder ${target} is being written by pid ${process.ppid}; wait or delete ${join(target, '.lock')} if that process is gone.`,
    );
    expect(readdirSync(target)).toEqual(['.lock']);
  });
});

describe('commitFolder', () => {
  it('swaps a staged folder in, and refuses to replace a file', async () => {
    const target = join(root, 'out');
    const staged = await createStagingFolder(target);
    writeFileSync(join(staged, 'x'), '1');
    await commitFolder(staged, target);
    expect(readFileSync(join(target, 'x'), 'utf8')).toBe('1');
    const file = join(root, 'file');
    writeFileSync(file, '');
    const again = await createStagingFolder(file);
    await expect(commitFolder(again, file)).rejects.toThrow(/exists and is not a folder/);
  });
});

describe('assertWritable', () => {
  it('passes on a writable folder (creating it) and leaves nothing behind', async () => {
    const dir = join(root, 'new', 'deep');
    await assertWritable(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says what is wrong for a path under a file and when space is short', async () => {
    writeFileSync(join(root, 'f'), '');
    await expect(assertWritable(join(root, 'f', 'sub'))).rejects.toThrow(
      /^folder .*f\/sub is not writable \(ENOTDIR\); choose another output folder/,
    );
    await expect(assertWritable(root, { minFreeBytes: 2 ** 50 })).rejects.toThrow(
      /free, less than the 1024\.0 TiB needed; free some space/,
    );
    await assertWritable(root, { minFreeBytes: 1 });
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only folder', async () => {
    const dir = join(root, 'ro');
    mkdirSync(dir, { mode: 0o555 });
    await expect(assertWritable(dir)).rejects.toThrow(/is not writable \(EACCES\)/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
