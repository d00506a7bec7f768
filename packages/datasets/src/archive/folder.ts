// Unpacked folder reader: walks the tree in code-unit order (the same on every OS) and
// reads a few files ahead, since many small files are latency-bound. Symlinks, devices and
// pipes are skipped (only regular files are data) and each file's size is checked against
// ReadLimits before it is read.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkLimit, type ReadLimits, resolveLimits } from '../limits.js';
import type { ArchiveFile, ReadArchiveOptions } from './entry.js';

const READ_AHEAD = 16;

/** Yields the regular files under `root` in sorted path order, reading a few ahead. */
export async function* readFolder(
  root: string,
  { filter, limits }: ReadArchiveOptions = {},
): AsyncGenerator<ArchiveFile> {
  const caps = resolveLimits(limits);
  const total = { bytes: 0 };
  const pending: { path: string; data: Promise<Buffer> }[] = [];
  for await (const path of walk(root, '')) {
    if (filter && !filter(path)) continue;
    const data = readCapped(root, path, caps, total);
    data.catch(() => {}); // surfaced when awaited below
    pending.push({ path, data });
    if (pending.length >= READ_AHEAD) {
      const next = pending.shift()!;
      yield { path: next.path, data: await next.data };
    }
  }
  for (const next of pending) yield { path: next.path, data: await next.data };
}

async function* walk(root: string, rel: string): AsyncGenerator<string> {
  const entries: Dirent[] = await readdir(join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(root, path);
    else if (e.isFile()) yield path;
  }
}

/** Reads one file after checking its size (and the running total) against the limits. */
async function readCapped(
  root: string,
  path: string,
  caps: Required<ReadLimits>,
  total: { bytes: number },
): Promise<Buffer> {
  const file = join(root, path);
  const { size } = await stat(file);
  const name = `${basename(root)}/${path}`;
  checkLimit(size, caps, 'maxEntryBytes', file, name);
  total.bytes += size;
  checkLimit(total.bytes, caps, 'maxTotalBytes', root, basename(root));
  return readFile(file);
}
