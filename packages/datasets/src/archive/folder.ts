// Unpacked folder reader: walks the tree in code-unit order (the same on every OS) and
// reads a few files ahead, since many small files are latency-bound.
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveFile, ReadArchiveOptions } from './entry.js';

const READ_AHEAD = 16;

/** Yields the regular files under `root` in sorted path order, reading a few ahead. */
export async function* readFolder(
  root: string,
  { filter }: ReadArchiveOptions = {},
): AsyncGenerator<ArchiveFile> {
  const pending: { path: string; data: Promise<Buffer> }[] = [];
  for await (const path of walk(root, '')) {
    if (filter && !filter(path)) continue;
    const data = readFile(join(root, path));
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
