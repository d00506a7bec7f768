// Test fixtures: small archives in the official formats, built in memory per test.
// tar.gz via tar-stream's packer + zlib (what GNU tar + gzip produce, readable by any tar);
// zip via fflate (deflate entries with CRC-32, as `zip -9` writes).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import tarStream from 'tar-stream';

export type Entries = Record<string, string | Uint8Array>;

const bytes = (v: string | Uint8Array): Uint8Array =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : v;

/** Builds a .tar (uncompressed) from `entries`, adding the parent folders as GNU tar does. */
export async function makeTar(entries: Entries): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const dirs = new Set<string>();
  for (const path of Object.keys(entries)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (!dirs.has(dir)) {
        dirs.add(dir);
        pack.entry({ name: dir, type: 'directory', mode: 0o755 });
      }
    }
    pack.entry(
      { name: path, mode: 0o644, mtime: new Date('2011-06-01T00:00:00Z') },
      Buffer.from(bytes(entries[path]!)),
    );
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export async function makeTarGz(entries: Entries): Promise<Buffer> {
  return gzipSync(await makeTar(entries), { level: 9 });
}

export function makeZip(entries: Entries): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (const [path, v] of Object.entries(entries)) files[path] = bytes(v);
  return Buffer.from(zipSync(files, { level: 9, mtime: new Date('2006-06-01T00:00:00Z') }));
}

/** A fresh temp folder; call the returned cleanup in afterEach/afterAll. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tfnlp-datasets-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `entries` as plain files under `root` (an unpacked folder). */
export async function writeTree(root: string, entries: Entries): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  for (const [path, v] of Object.entries(entries)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), bytes(v));
  }
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
