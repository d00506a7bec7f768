// What every archive reader yields: one regular file at a time, fully read, in the
// order the archive stores them. Only the current file's bytes are held in memory, and
// no more of them than `limits` allows.
import type { ReadLimits } from '../limits.js';

/** One regular file of an archive or folder: its normalised path ('/'-separated) and bytes. */
export interface ArchiveFile {
  /** Path inside the archive or folder, '/'-separated, no leading './' (e.g. aclImdb/train/pos/0_9.txt). */
  path: string;
  data: Uint8Array;
}

/** Options of every archive reader. */
export interface ReadArchiveOptions {
  /** Return false to skip a file without reading its bytes into memory. */
  filter?: (path: string) => boolean;
  /** Size caps per entry and in total (see ReadLimits for the defaults). */
  limits?: ReadLimits;
}

/** A truncated, corrupt or missing archive; `file` names it, the message says what to do. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArchiveError';
  }
}

/** Strips './' and leading '/', turns '\' into '/'. */
export function normalizeEntryPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

/**
 * The normalised path of entry `raw` of archive `file`. Names are keys (filters, example
 * keys), never written to disk, but a '..' segment, a drive letter or a NUL byte only comes
 * from a crafted or broken archive: refuse it rather than guess.
 */
export function entryPath(raw: string, file: string, display: string): string {
  const path = normalizeEntryPath(raw);
  if (path.split('/').includes('..') || /^[a-zA-Z]:/.test(path) || path.includes('\0')) {
    throw new ArchiveError(
      `${display}: entry name ${JSON.stringify(raw)} points outside the archive; the archive is crafted or corrupt. Check where ${file} came from.`,
      file,
    );
  }
  return path;
}
