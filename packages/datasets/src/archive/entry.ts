// What every archive reader yields: one regular file at a time, fully read, in the
// order the archive stores them. Only the current file's bytes are held in memory.

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
