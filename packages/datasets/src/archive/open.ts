// Picks the reader from what a path is (folder) or from its first bytes (gzip, zip,
// tar), not from its name, so a misnamed file still works and a wrong file is named.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArchiveError, type ArchiveFile, type ReadArchiveOptions } from './entry.js';
import { readFolder } from './folder.js';
import { readTar } from './tar.js';
import { readZip } from './zip.js';

/** What `detectArchiveKind` found: 'gzip-other' and 'unknown' are not readable archives. */
export type ArchiveKind = 'folder' | 'tar.gz' | 'tar' | 'zip' | 'gzip-other' | 'unknown';

/** The kind of `path`, from its magic bytes (a directory is 'folder'); the extension is ignored. */
export async function detectArchiveKind(path: string): Promise<ArchiveKind> {
  const st = await statOrThrow(path);
  if (st.isDirectory()) return 'folder';
  // A FIFO would block the read below until a writer comes; a device is not an archive.
  if (!st.isFile()) return 'unknown';
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip'; // empty zip
    if (bytesRead >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
    return 'unknown';
  } finally {
    await fh.close();
  }
}

/** Reads a .tar.gz/.tgz, .tar, .zip or folder, yielding regular files in stored order. */
export async function* readArchive(
  path: string,
  options: ReadArchiveOptions = {},
): AsyncGenerator<ArchiveFile> {
  const kind = await detectArchiveKind(path);
  switch (kind) {
    case 'folder':
      yield* readFolder(path, options);
      return;
    case 'tar.gz':
      yield* readTar(path, options, true);
      return;
    case 'tar':
      yield* readTar(path, options, false);
      return;
    case 'zip':
      yield* readZip(path, options);
      return;
    default:
      throw new ArchiveError(
        `${basename(path)} is not a .tar.gz, .tgz, .tar or .zip archive, nor a folder (${path}). Check that you gave the right file.`,
        path,
      );
  }
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    throw new ArchiveError(`No file or folder at ${path}.`, path, { cause: e });
  }
}
