// .tar.gz / .tgz / .tar reader. tar-stream (streamx-based, no native code, ~20 kB) parses
// the headers, including GNU long names and pax records; Node's zlib inflates. Nothing is
// extracted to disk: the archive is read once, as a stream, one entry in memory at a time.
// Each entry's size is known from its header before any byte is read, so the caps of
// ReadLimits are checked first and an entry is read into one buffer of exactly that size.
// (node-tar is faster to extract to disk but larger; we never want the disk.)
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { checkLimit, resolveLimits, SizeLimitError } from '../limits.js';
import { ArchiveError, type ArchiveFile, entryPath, type ReadArchiveOptions } from './entry.js';

/** Streams the regular files of a .tar.gz/.tgz (`gzipped`, default) or plain .tar in stored order. */
export async function* readTar(
  file: string,
  { filter, limits }: ReadArchiveOptions = {},
  gzipped = true,
): AsyncGenerator<ArchiveFile> {
  const caps = resolveLimits(limits);
  const display = basename(file);
  // A device or pipe (/dev/zero) never ends; only a regular file is an archive.
  if (!(await stat(file).catch(() => undefined))?.isFile()) {
    throw new ArchiveError(
      `${display} is not a regular file (${file}); give the path of a .tar or .tar.gz file.`,
      file,
    );
  }
  const extract = tarStream.extract();
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  // The pipeline's own error (e.g. gzip "unexpected end of file") is the useful one; keep it.
  let streamError: unknown;
  const done = (
    gzipped
      ? pipeline(input, createGunzip({ chunkSize: 1 << 18 }), extract)
      : pipeline(input, extract)
  ).catch((e: unknown) => {
    streamError = e;
  });
  let entries = 0;
  let total = 0; // bytes of entry data gunzip has to produce, skipped entries included
  let finished = false;
  try {
    for await (const entry of extract) {
      entries++;
      const { type, name } = entry.header;
      const size = entry.header.size ?? 0;
      const path = entryPath(name, file, display);
      // Symlinks, hard links, devices and folders are skipped: only regular files are data.
      const wanted = (type === 'file' || type === 'contiguous-file') && (!filter || filter(path));
      if (wanted) checkLimit(size, caps, 'maxEntryBytes', file, `${display}: ${path}`);
      total += size;
      checkLimit(total, caps, 'maxTotalBytes', file, display);
      if (!wanted) {
        entry.resume();
        continue;
      }
      const data = await readEntry(entry, size);
      if (data.length !== size) {
        throw new ArchiveError(
          `${display}: ${path} ends after ${data.length} of ${size} bytes`,
          file,
        );
      }
      yield { path, data };
    }
    await done;
    if (streamError) throw streamError;
    if (entries === 0) throw new Error('no entries');
    // A plain .tar has no checksum over the whole; a cut between two entries is only
    // visible as the missing end-of-archive marker (two zero blocks). Gzip's trailer
    // already catches every cut of a .tar.gz.
    if (!gzipped && !(await endsWithZeroBlocks(file))) throw new Error('no end-of-archive marker');
    finished = true;
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof SizeLimitError) throw e;
    const cause = streamError ?? e;
    throw new ArchiveError(
      `${basename(file)} is not a complete ${gzipped ? '.tar.gz' : '.tar'} archive (${describe(cause)}); ` +
        `it may be truncated or corrupt. Delete ${file} and download it again.`,
      file,
      { cause },
    );
  } finally {
    // Consumer stopped early or something failed: release the file handle.
    if (!finished) {
      input.destroy();
      extract.destroy();
      await done;
    }
  }
}

async function endsWithZeroBlocks(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 1024 || size % 512 !== 0) return false;
    const tail = Buffer.alloc(1024);
    await fh.read(tail, 0, 1024, size - 1024);
    return tail.every((b) => b === 0);
  } finally {
    await fh.close();
  }
}

/**
 * Collects one entry's `size` bytes into one buffer with plain events (cheaper than an async
 * iterator per entry, and never twice the entry in memory as chunks + concat would be).
 */
interface EntryStream {
  on(event: 'data', fn: (chunk: unknown) => void): unknown;
  once(event: 'error' | 'end', fn: (err?: unknown) => void): unknown;
}

function readEntry(entry: EntryStream, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    entry.on('data', (c) => {
      const chunk = c as Buffer;
      // tar-stream never sends more than the header's size; stay safe if it ever did.
      at += chunk.copy(out, at);
    });
    entry.once('error', reject);
    entry.once('end', () => resolve(at === size ? out : out.subarray(0, at)));
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
