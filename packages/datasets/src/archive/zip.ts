// .zip reader. yauzl (small, no native code, well kept) reads the central directory and
// then one entry at a time, so at most the compressed zip plus one entry are in memory,
// never all entries (fflate's unzipSync inflates every entry at once). We check each
// entry's size and CRC-32 (zlib.crc32), which yauzl leaves to the caller.
// Bombs: an entry's declared size is checked against ReadLimits before it is inflated, and
// inflation stops at that declared size (maxOutputLength in memory, yauzl's
// validateEntrySizes when streamed), so a lying header cannot make it inflate further.
// Entries whose data overlap (the "overlapping files" zip bomb) are refused.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { checkLimit, resolveLimits } from '../limits.js';
import { ArchiveError, type ArchiveFile, entryPath, type ReadArchiveOptions } from './entry.js';

/**
 * Small zips (BBC's is 2.7 MB with 2,226 entries) are read into memory once: a file-backed
 * yauzl does two small reads per entry, and thousands of thread-pool round trips cost more
 * than the whole file. Larger zips stay file-backed, so memory stays bounded.
 */
export const ZIP_IN_MEMORY_LIMIT = 32 * 1024 * 1024;

/**
 * Yields the regular files of a .zip one entry at a time, CRC-32 checked. A zip of at most
 * `inMemoryLimit` bytes is read into memory first (see ZIP_IN_MEMORY_LIMIT).
 */
export async function* readZip(
  file: string,
  { filter, limits }: ReadArchiveOptions = {},
  inMemoryLimit = ZIP_IN_MEMORY_LIMIT,
): AsyncGenerator<ArchiveFile> {
  const caps = resolveLimits(limits);
  const display = basename(file);
  const fail = (what: string, cause?: unknown): ArchiveError =>
    new ArchiveError(
      `${basename(file)} is not a complete .zip archive (${what}); it may be truncated or corrupt. ` +
        `Delete ${file} and download it again.`,
      file,
      { cause },
    );
  let opened: { zip: yauzl.ZipFile; buffer?: Buffer };
  try {
    opened = await openZip(file, inMemoryLimit);
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e), e);
  }
  const { zip } = opened;
  const ranges = new Ranges();
  const names = new Set<string>();
  let total = 0;
  try {
    while (true) {
      let entry: yauzl.Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (e) {
        throw fail(e instanceof Error ? e.message : String(e), e);
      }
      if (!entry) return;
      const path = entryPath(entry.fileName, file, display);
      // Two entries with one name: tools disagree on which one is "the" file (a known way
      // to show a checker one file and a reader another). Refuse rather than pick.
      if (names.has(path)) throw fail(`${path}: the name appears twice`);
      names.add(path);
      if (path.endsWith('/') || isSymlink(entry) || (filter && !filter(path))) continue;
      checkLimit(entry.uncompressedSize, caps, 'maxEntryBytes', file, `${display}: ${path}`);
      total += entry.uncompressedSize;
      checkLimit(total, caps, 'maxTotalBytes', file, display);
      let data: Buffer;
      try {
        const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
        const end = fileDataStart + entry.compressedSize;
        if (!ranges.add(entry.relativeOffsetOfLocalHeader, end)) {
          throw new Error('its data overlaps another entry (a crafted "zip bomb")');
        }
        data = opened.buffer
          ? readInMemory(opened.buffer, entry, fileDataStart, end)
          : await readStreamed(zip, entry);
      } catch (e) {
        throw fail(`${path}: ${e instanceof Error ? e.message : String(e)}`, e);
      }
      if (data.length !== entry.uncompressedSize) {
        throw fail(`${path}: ${data.length} bytes, expected ${entry.uncompressedSize}`);
      }
      if (crc32(data) !== entry.crc32) throw fail(`${path}: CRC-32 mismatch`);
      yield { path, data };
    }
  } finally {
    zip.close();
  }
}

async function openZip(
  file: string,
  inMemoryLimit: number,
): Promise<{ zip: yauzl.ZipFile; buffer?: Buffer }> {
  const options = { lazyEntries: true, decodeStrings: true, validateEntrySizes: true } as const;
  const st = await stat(file);
  if (!st.isFile()) throw new Error('not a regular file');
  if (st.size <= inMemoryLimit) {
    const buffer = await readExactly(file, st.size);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, options, (err, z) => (err ? reject(err) : resolve(z))),
    );
    return { zip, buffer };
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { ...options, autoClose: false }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  );
  return { zip };
}

/** Reads the first `size` bytes of `file` (its size at stat time; a growing file stops there). */
async function readExactly(file: string, size: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(buffer, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? buffer : buffer.subarray(0, at);
  } finally {
    await fh.close();
  }
}

/** In-memory zip: yauzl located the data, zlib inflates it in one call, up to the declared size. */
function readInMemory(buffer: Buffer, entry: yauzl.Entry, start: number, end: number): Buffer {
  if (entry.isEncrypted()) throw new Error('encrypted entries are not supported');
  if (end > buffer.length) throw new Error('entry data runs past the end of the file');
  const raw = buffer.subarray(start, end);
  if (entry.compressionMethod === 0) return Buffer.from(raw);
  if (entry.compressionMethod === 8) {
    try {
      // +1: an entry that inflates past its declared size is caught below, not silently cut.
      return inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new Error(`inflates to more than its declared ${entry.uncompressedSize} bytes`);
      }
      throw e;
    }
  }
  throw new Error(
    `compression method ${entry.compressionMethod} is not supported (only stored and deflate)`,
  );
}

/** A symbolic link (Unix mode in the external attributes): skipped like tar's links. */
function isSymlink(entry: yauzl.Entry): boolean {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  return madeByUnix && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

/**
 * Byte ranges [start, end) of the entries read so far; `add` is false when a new range
 * overlaps one of them. Entries usually come in file order (an append); others use a
 * binary search.
 */
class Ranges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  add(start: number, end: number): boolean {
    const n = this.starts.length;
    if (n === 0 || start >= this.ends[n - 1]!) {
      this.starts.push(start);
      this.ends.push(end);
      return true;
    }
    let lo = 0;
    let hi = n; // first index whose start is >= start
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && this.ends[lo - 1]! > start) return false;
    if (lo < n && this.starts[lo]! < end) return false;
    this.starts.splice(lo, 0, start);
    this.ends.splice(lo, 0, end);
    return true;
  }
}

async function readStreamed(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  // One buffer of the declared size (checked against the limits); yauzl's
  // validateEntrySizes errors out before a stream can send more.
  const out = Buffer.allocUnsafe(entry.uncompressedSize);
  let at = 0;
  for await (const chunk of stream) {
    const c = chunk as Buffer;
    if (at + c.length > out.length) {
      throw new Error(`inflates to more than its declared ${entry.uncompressedSize} bytes`);
    }
    at += c.copy(out, at);
  }
  return at === out.length ? out : out.subarray(0, at);
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}
