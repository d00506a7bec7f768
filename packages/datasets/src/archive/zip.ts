// .zip reader. yauzl (small, no native code, well kept) reads the central directory and
// then one entry at a time, so at most the compressed zip plus one entry are in memory,
// never all entries (fflate's unzipSync inflates every entry at once). We check each
// entry's size and CRC-32 (zlib.crc32), which yauzl leaves to the caller.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import {
  ArchiveError,
  type ArchiveFile,
  normalizeEntryPath,
  type ReadArchiveOptions,
} from './entry.js';

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
  { filter }: ReadArchiveOptions = {},
  inMemoryLimit = ZIP_IN_MEMORY_LIMIT,
): AsyncGenerator<ArchiveFile> {
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
  try {
    while (true) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      const path = normalizeEntryPath(entry.fileName);
      if (path.endsWith('/') || (filter && !filter(path))) continue;
      let data: Buffer;
      try {
        data = opened.buffer
          ? await readInMemory(zip, opened.buffer, entry)
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
  const options = { lazyEntries: true, decodeStrings: true } as const;
  const { size } = await stat(file);
  if (size <= inMemoryLimit) {
    const buffer = await readFile(file);
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

/** In-memory zip: yauzl locates the data, zlib inflates it in one synchronous call. */
async function readInMemory(
  zip: yauzl.ZipFile,
  buffer: Buffer,
  entry: yauzl.Entry,
): Promise<Buffer> {
  if (entry.isEncrypted()) throw new Error('encrypted entries are not supported');
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
  const end = fileDataStart + entry.compressedSize;
  if (end > buffer.length) throw new Error('entry data runs past the end of the file');
  const raw = buffer.subarray(fileDataStart, end);
  if (entry.compressionMethod === 0) return Buffer.from(raw);
  if (entry.compressionMethod === 8) return inflateRawSync(raw);
  throw new Error(
    `compression method ${entry.compressionMethod} is not supported (only stored and deflate)`,
  );
}

async function readStreamed(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
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
