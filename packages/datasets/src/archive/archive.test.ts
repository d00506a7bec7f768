import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeTar, makeTarGz, makeZip, tempDir, writeTree } from '../../test/fixtures.js';
import { ArchiveError } from './entry.js';
import { detectArchiveKind, readArchive } from './open.js';
import { readZip } from './zip.js';

const LONG = `top/${'very-long-folder-name/'.repeat(6)}file.txt`; // > 100 chars: GNU long name
const ENTRIES = {
  'top/b.txt': 'bee',
  'top/a.txt': 'a',
  [LONG]: 'deep',
  'top/bin.dat': new Uint8Array([0, 255, 1, 254]),
};

let dir: string;
let cleanup: () => Promise<void>;
const paths: Record<string, string> = {};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const targz = await makeTarGz(ENTRIES);
  const zip = makeZip(ENTRIES);
  paths.tgz = join(dir, 'x.tgz');
  paths.tar = join(dir, 'x.tar');
  paths.zip = join(dir, 'x.zip');
  paths.folder = join(dir, 'unpacked');
  paths.truncatedTgz = join(dir, 'cut.tar.gz');
  paths.truncatedZip = join(dir, 'cut.zip');
  paths.corruptZip = join(dir, 'crc.zip');
  paths.text = join(dir, 'notes.txt');
  await writeFile(paths.tgz, targz);
  await writeFile(paths.tar, await makeTar(ENTRIES));
  await writeFile(paths.zip, zip);
  await writeTree(paths.folder, ENTRIES);
  await writeFile(paths.truncatedTgz, targz.subarray(0, Math.floor(targz.length * 0.6)));
  await writeFile(paths.truncatedZip, zip.subarray(0, zip.length - 30));
  // Flip a byte inside the first stored file's data: the CRC-32 check must catch it.
  const bad = Buffer.from(makeZip({ 'a.txt': 'x'.repeat(5000) }));
  const flipAt = bad.indexOf('a.txt') + 12;
  bad[flipAt] = (bad[flipAt] ?? 0) ^ 0xff;
  await writeFile(paths.corruptZip, bad);
  // A stored (uncompressed) entry with one byte changed: only the CRC-32 can tell.
  paths.corruptStored = join(dir, 'stored.zip');
  const stored = Buffer.from(zipSync({ 'a.txt': [Buffer.from('hello world'), { level: 0 }] }));
  stored[stored.indexOf('hello world')] = 0x48; // 'h' -> 'H'
  await writeFile(paths.corruptStored, stored);
  await writeFile(paths.text, 'just some text, not an archive\n'.repeat(30));
});
afterAll(() => cleanup());

const asText = (files: { path: string; data: Uint8Array }[]) =>
  Object.fromEntries(files.map((f) => [f.path, Buffer.from(f.data).toString('latin1')]));

describe('readArchive', () => {
  it('detects the kind from the bytes, not the name', async () => {
    expect(await detectArchiveKind(paths.tgz!)).toBe('tar.gz');
    expect(await detectArchiveKind(paths.tar!)).toBe('tar');
    expect(await detectArchiveKind(paths.zip!)).toBe('zip');
    expect(await detectArchiveKind(paths.folder!)).toBe('folder');
    expect(await detectArchiveKind(paths.text!)).toBe('unknown');
  });

  it.each(['tgz', 'tar', 'zip', 'folder'])(
    'reads every regular file from a %s, long names included',
    async (kind) => {
      const files = await collect(readArchive(paths[kind]!));
      const want = Object.fromEntries(
        Object.entries(ENTRIES).map(([p, v]) => [
          p,
          typeof v === 'string' ? v : Buffer.from(v).toString('latin1'),
        ]),
      );
      expect(asText(files)).toEqual(want);
    },
  );

  it('walks folders in code-unit order', async () => {
    const files = await collect(readArchive(paths.folder!));
    expect(files.map((f) => f.path)).toEqual(['top/a.txt', 'top/b.txt', 'top/bin.dat', LONG]);
  });

  it('skips filtered files and can stop early', async () => {
    for (const kind of ['tgz', 'zip', 'folder']) {
      const files = await collect(
        readArchive(paths[kind]!, { filter: (p) => p.endsWith('.txt') && p !== LONG }),
      );
      expect(files.map((f) => f.path).sort()).toEqual(['top/a.txt', 'top/b.txt']);
      for await (const _ of readArchive(paths[kind]!)) break; // must not hang or leak
    }
  });

  it('reports a truncated .tar.gz with its name and what to do', async () => {
    const err = await collect(readArchive(paths.truncatedTgz!)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as Error).message).toMatch(
      /cut\.tar\.gz is not a complete \.tar\.gz archive .*Delete .* download it again/,
    );
  });

  it('reads a large zip file-backed, entry by entry, with the same result', async () => {
    const inMemory = await collect(readZip(paths.zip!));
    const fileBacked = await collect(readZip(paths.zip!, {}, 0));
    expect(asText(fileBacked)).toEqual(asText(inMemory));
    await expect(collect(readZip(paths.truncatedZip!, {}, 0))).rejects.toThrow(
      /not a complete \.zip/,
    );
  });

  it('catches a corrupted stored entry by its CRC-32', async () => {
    for (const limit of [undefined, 0]) {
      await expect(collect(readZip(paths.corruptStored!, {}, limit))).rejects.toThrow(
        /stored\.zip is not a complete \.zip archive \(a\.txt: CRC-32 mismatch\)/,
      );
    }
  });

  it('rejects a .tar.gz or .zip cut at any point, never yielding a silent partial read', async () => {
    const targz = await makeTarGz(ENTRIES);
    const zip = makeZip(ENTRIES);
    for (const [name, bytes] of [
      ['cut.tgz', targz],
      ['cut2.zip', zip],
    ] as const) {
      for (let frac = 0.05; frac < 1; frac += 0.1) {
        const p = join(dir, name);
        await writeFile(p, bytes.subarray(0, Math.floor(bytes.length * frac)));
        const err = await collect(readArchive(p)).catch((e: unknown) => e);
        expect(err, `${name} cut at ${frac.toFixed(2)}`).toBeInstanceOf(ArchiveError);
      }
    }
  });

  it('rejects a plain .tar cut exactly between two entries (no end-of-archive marker)', async () => {
    const tar = await makeTar({ 'a.txt': 'aaa', 'b.txt': 'bbb' });
    const p = join(dir, 'cut-between.tar');
    await writeFile(p, tar.subarray(0, 1024)); // header + data block of a.txt only
    await expect(collect(readArchive(p))).rejects.toThrow(
      /cut-between\.tar is not a complete \.tar archive \(no end-of-archive marker\)/,
    );
  });

  it('reports a truncated or corrupted .zip', async () => {
    await expect(collect(readArchive(paths.truncatedZip!))).rejects.toThrow(
      /cut\.zip is not a complete \.zip archive/,
    );
    await expect(collect(readArchive(paths.corruptZip!))).rejects.toThrow(
      /crc\.zip .*(CRC-32 mismatch|invalid)/,
    );
  });

  it('names a file that is not an archive, and a missing path', async () => {
    await expect(collect(readArchive(paths.text!))).rejects.toThrow(
      /notes\.txt is not a \.tar\.gz, \.tgz, \.tar or \.zip/,
    );
    await expect(collect(readArchive(join(dir, 'nope.zip')))).rejects.toThrow(
      /No file or folder at .*nope\.zip/,
    );
  });
});
