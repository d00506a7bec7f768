// .zip reader. yauzl reads the central directory and then one entry at a time with
// random access, so the archive is never loaded whole (fflate's unzip wants the whole
// zip in memory). yauzl checks entry sizes; we also check each entry's CRC-32 (zlib.crc32).
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import {
  ArchiveError,
  type ArchiveFile,
  normalizeEntryPath,
  type ReadArchiveOptions,
} from './entry.js';

export async function* readZip(
  file: string,
  { filter }: ReadArchiveOptions = {},
): AsyncGenerator<ArchiveFile> {
  const fail = (what: string, cause?: unknown): ArchiveError =>
    new ArchiveError(
      `${basename(file)} is not a complete .zip archive (${what}); it may be truncated or corrupt. ` +
        `Delete ${file} and download it again.`,
      file,
      { cause },
    );
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e), e);
  }
  try {
    while (true) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      const path = normalizeEntryPath(entry.fileName);
      if (path.endsWith('/') || (filter && !filter(path))) continue;
      let data: Buffer;
      try {
        const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
          zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
        );
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      } catch (e) {
        throw fail(`${path}: ${e instanceof Error ? e.message : String(e)}`, e);
      }
      if (crc32(data) !== entry.crc32) throw fail(`${path}: CRC-32 mismatch`);
      yield { path, data };
    }
  } finally {
    zip.close();
  }
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
