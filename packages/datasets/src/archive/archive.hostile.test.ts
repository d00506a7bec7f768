// Hostile archives and folders, one case per line: how the input is built, how it is read
// (in a child process against dist, 10 s cap), and the error class + message fragment or the
// result. Every case also checks the child's peak RSS stays under 1 GB.
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTarGz, makeZip, tempDir } from '../../test/fixtures.js';
import {
  deflateBomb,
  rawZip,
  runInChild,
  tarGzBomb,
  tarHeader,
  tarOf,
} from '../../test/hostile.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

type Build = (file: string) => Promise<unknown>;
const bytes =
  (b: Buffer | Promise<Buffer>): Build =>
  async (f) =>
    writeFile(f, await b);
const hello = Buffer.from('hello');

/** Lists what a reader yields as "path:length". */
const LIST = (call: string) =>
  `const out = []; for await (const f of ${call}) out.push(f.path + ':' + f.data.length); return out;`;
const ARCHIVE = LIST('m.readArchive(path)');
const ZIP_FILE_BACKED = LIST('m.readZip(path, {}, 0)');
const SMALL_TOTAL = LIST('m.readArchive(path, { limits: { maxTotalBytes: 5e6 } })');
const SMALL_ENTRY = LIST('m.readArchive(path, { limits: { maxEntryBytes: 1000 } })');

type Expect = { error: string; message: RegExp } | { value: unknown };
// [case, input file name, build, reader, expected]
// biome-ignore format: one case per line, as a table
const CASES: [string, string, Build, string, Expect][] = [
  ['3 MB .tar.gz holding one 3 GiB entry', 'bomb.tar.gz', bytes(tarGzBomb('big.txt', 3)), ARCHIVE, { error: 'SizeLimitError', message: /bomb\.tar\.gz: big\.txt is 3\.0 GiB, over the 256\.0 MiB limit \(limits\.maxEntryBytes\)/ }],
  ['3 GiB entry that the filter skips, total cap still applies', 'skip.tar.gz', bytes(tarGzBomb('big.txt', 3)), LIST("m.readArchive(path, { filter: () => false, limits: { maxTotalBytes: 2 ** 30 } })"), { error: 'SizeLimitError', message: /skip\.tar\.gz unpacks to more than 3\.0 GiB, over the 1\.0 GiB limit \(limits\.maxTotalBytes\)/ }],
  ['tar header claiming 2^60 bytes (base-256 size)', 'absurd.tar', bytes(tarOf([{ header: tarHeader('x.txt', 2 ** 60) }])), ARCHIVE, { error: 'SizeLimitError', message: /x\.txt is 1073741824\.0 GiB/ }],
  ['many entries over the total cap', 'many.tar.gz', bytes(makeTarGz(Object.fromEntries([1, 2, 3].map((i) => [`f${i}`, Buffer.alloc(2e6)])))), SMALL_TOTAL, { error: 'SizeLimitError', message: /many\.tar\.gz unpacks to more than 5\.7 MiB, over the 4\.8 MiB limit/ }],
  ['small per-entry cap set by the user', 'small.zip', bytes(makeZip({ 'a.txt': 'x'.repeat(2000) })), SMALL_ENTRY, { error: 'SizeLimitError', message: /small\.zip: a\.txt is 2\.0 KiB, over the 1000 bytes limit/ }],
  ['tar entry named ../../etc/passwd', 'trav.tar', bytes(tarOf([{ header: tarHeader('../../etc/passwd', 5), data: hello }])), ARCHIVE, { error: 'ArchiveError', message: /entry name "\.\.\/\.\.\/etc\/passwd" points outside the archive/ }],
  ['tar entry named a/../../b', 'trav2.tar', bytes(tarOf([{ header: tarHeader('a/../../b', 5), data: hello }])), ARCHIVE, { error: 'ArchiveError', message: /points outside the archive/ }],
  ['tar entry with an absolute name is read relative', 'abs.tar', bytes(tarOf([{ header: tarHeader('/top/a.txt', 5), data: hello }])), ARCHIVE, { value: ['top/a.txt:5'] }],
  ['tar symlink and hard link entries are skipped', 'links.tar', bytes(tarOf([{ header: tarHeader('top/link', 0, '2', '/etc/passwd') }, { header: tarHeader('top/hard', 0, '1', '/etc/passwd') }, { header: tarHeader('top/a.txt', 5), data: hello }])), ARCHIVE, { value: ['top/a.txt:5'] }],
  ['tar device and fifo entries are skipped', 'dev.tar', bytes(tarOf([{ header: tarHeader('dev/zero', 0, '3') }, { header: tarHeader('fifo', 0, '6') }, { header: tarHeader('a.txt', 5), data: hello }])), ARCHIVE, { value: ['a.txt:5'] }],
  ['tar header with a bad checksum', 'badsum.tar', async (f) => { const t = tarOf([{ header: tarHeader('a.txt', 5), data: hello }]); t[0] = 0x41; await writeFile(f, t); }, ARCHIVE, { error: 'ArchiveError', message: /badsum\.tar is not a complete \.tar archive/ }],
  ['gzip cut inside the first member', 'cut.tar.gz', async (f) => writeFile(f, (await makeTarGz({ 'a.txt': 'x'.repeat(9000) })).subarray(0, 40)), ARCHIVE, { error: 'ArchiveError', message: /cut\.tar\.gz is not a complete \.tar\.gz archive \(unexpected end of file\)/ }],
  ['gzip of something that is not a tar', 'notar.tar.gz', bytes(gzipSync(Buffer.from('just text\n'.repeat(100)))), ARCHIVE, { error: 'ArchiveError', message: /notar\.tar\.gz is not a complete \.tar\.gz archive/ }],
  ['2 MB zip declaring a 2 GiB entry', 'big.zip', bytes(rawZip([{ name: 'big.txt', data: deflateBomb(2048), uncompressedSize: 2 ** 31 - 1 }])), ARCHIVE, { error: 'SizeLimitError', message: /big\.zip: big\.txt is 2\.0 GiB, over the 256\.0 MiB limit/ }],
  ['2 MB zip lying: declares 1 KB, inflates to 2 GiB (in memory)', 'liar.zip', bytes(rawZip([{ name: 'a.txt', data: deflateBomb(2048), uncompressedSize: 1024 }])), ARCHIVE, { error: 'ArchiveError', message: /liar\.zip is not a complete \.zip archive \(a\.txt: inflates to more than its declared 1024 bytes\)/ }],
  ['2 MB zip lying: declares 1 KB, inflates to 2 GiB (file-backed)', 'liar2.zip', bytes(rawZip([{ name: 'a.txt', data: deflateBomb(2048), uncompressedSize: 1024 }])), ZIP_FILE_BACKED, { error: 'ArchiveError', message: /liar2\.zip is not a complete \.zip archive \(a\.txt: .*too many bytes/ }],
  ['zip whose entries share one data block (overlap bomb)', 'overlap.zip', bytes(rawZip([{ name: 'a.txt', data: deflateRawSync(hello), crc: crc32(hello), uncompressedSize: 5 }, { name: 'b.txt', data: Buffer.alloc(0), sameDataAs: 0, uncompressedSize: 5 }])), ARCHIVE, { error: 'ArchiveError', message: /b\.txt: its data overlaps another entry/ }],
  ['zip with two entries of one name', 'dup.zip', bytes(rawZip([{ name: 'a.txt', data: hello, method: 0, crc: crc32(hello), uncompressedSize: 5 }, { name: 'a.txt', data: Buffer.from('evil!'), method: 0, crc: crc32(Buffer.from('evil!')), uncompressedSize: 5 }])), ARCHIVE, { error: 'ArchiveError', message: /dup\.zip is not a complete \.zip archive \(a\.txt: the name appears twice\)/ }],
  ['zip entry named ../evil.txt', 'trav.zip', bytes(rawZip([{ name: '../evil.txt', data: hello, method: 0, crc: crc32(hello), uncompressedSize: 5 }])), ARCHIVE, { error: 'ArchiveError', message: /trav\.zip is not a complete \.zip archive \(invalid relative path: \.\.\/evil\.txt\)/ }],
  ['zip entry with an absolute name', 'abs.zip', bytes(rawZip([{ name: '/etc/passwd', data: hello, method: 0, crc: crc32(hello), uncompressedSize: 5 }])), ARCHIVE, { error: 'ArchiveError', message: /absolute path: \/etc\/passwd/ }],
  ['zip symlink entry is skipped', 'link.zip', bytes(rawZip([{ name: 'link', data: Buffer.from('/etc/passwd'), method: 0, crc: crc32(Buffer.from('/etc/passwd')), uncompressedSize: 11, unixMode: 0o120777 }, { name: 'a.txt', data: hello, method: 0, crc: crc32(hello), uncompressedSize: 5 }])), ARCHIVE, { value: ['a.txt:5'] }],
  ['zip with an unsupported compression method', 'bzip.zip', bytes(rawZip([{ name: 'a.txt', data: hello, method: 12 as 8, crc: crc32(hello), uncompressedSize: 5 }])), ARCHIVE, { error: 'ArchiveError', message: /compression method 12 is not supported/ }],
  ['zip whose central directory runs past the end', 'cd.zip', async (f) => { const z = makeZip({ 'a.txt': 'aaa' }); z.writeUInt32LE(0x7fffffff, z.length - 6); await writeFile(f, z); }, ARCHIVE, { error: 'ArchiveError', message: /cd\.zip is not a complete \.zip archive/ }],
  ['/dev/zero given as an archive', '/dev/zero', async () => {}, ARCHIVE, { error: 'ArchiveError', message: /zero is not a \.tar\.gz, \.tgz, \.tar or \.zip archive/ }],
  ['/dev/zero given to the zip reader directly', '/dev/zero', async () => {}, LIST('m.readZip(path)'), { error: 'ArchiveError', message: /not a regular file/ }],
  ['/dev/zero given to the tar reader directly', '/dev/zero', async () => {}, LIST('m.readTar(path, {}, false)'), { error: 'ArchiveError', message: /zero is not a regular file \(\/dev\/zero\)/ }],
  ['a FIFO given as an archive (must not block)', 'pipe.tar.gz', async (f) => execFileSync('mkfifo', [f]), ARCHIVE, { error: 'ArchiveError', message: /pipe\.tar\.gz is not a \.tar\.gz, \.tgz, \.tar or \.zip archive/ }],
  ['a pax header claiming 1 GiB of attributes', 'pax.tar', bytes(tarOf([{ header: tarHeader('PaxHeaders/a', 2 ** 30, 'x') }])), ARCHIVE, { error: 'ArchiveError', message: /pax\.tar is not a complete \.tar archive \(Header exceeds max size\)/ }],
  ['folder with a sparse 3 GiB file', 'sparse', async (f) => { await mkdir(f); await truncate(await touch(join(f, 'big.txt')), 3 * 2 ** 30); }, ARCHIVE, { error: 'SizeLimitError', message: /sparse\/big\.txt is 3\.0 GiB, over the 256\.0 MiB limit/ }],
  ['folder with symlinks (to /dev/zero, outside) and a fifo: all skipped', 'links', async (f) => { await mkdir(f); await symlink('/dev/zero', join(f, 'zero')); await symlink('/etc', join(f, 'etc')); execFileSync('mkfifo', [join(f, 'fifo')]); await writeFile(join(f, 'a.txt'), hello); }, ARCHIVE, { value: ['a.txt:5'] }],
];

async function touch(file: string): Promise<string> {
  await writeFile(file, '');
  return file;
}

describe('hostile archives (child process, 10 s, peak RSS < 1 GB)', () => {
  it.each(CASES)('%s', async (_name, file, build, reader, want) => {
    const path = file.startsWith('/') ? file : join(dir, file);
    await build(path);
    const got = runInChild(dir, reader, path);
    expect(got.crashed).toBeUndefined();
    if ('error' in want) {
      expect(got.error?.name, JSON.stringify(got)).toBe(want.error);
      expect(got.error?.message).toMatch(want.message);
      expect(got.error?.message).not.toContain('\n');
    } else {
      expect(got.error).toBeUndefined();
      expect(got.value).toEqual(want.value);
    }
    expect(got.peakMb).toBeLessThan(1024);
  });
});
