// Memory and time bounds of every reader. An archive bomb (a 3 MB .tar.gz holding a 3 GB
// entry, a 2 MB zip that inflates to 2 GB) or a file with no line end (/dev/zero) must end
// in one clear error, not in V8 running out of heap. Browser-safe: no node:* imports.

/**
 * Size caps of the readers, in bytes. The defaults hold the official corpora with a wide
 * margin (largest IMDB / AG News / 20 Newsgroups / BBC file: 30 MB; largest archive:
 * 500 MB unpacked); raise them for a corpus of your own with larger files.
 */
export interface ReadLimits {
  /** Largest single file read from an archive or folder (default 256 MiB). */
  maxEntryBytes?: number;
  /** Most bytes decompressed from one archive, skipped entries included (default 4 GiB). */
  maxTotalBytes?: number;
  /**
   * Longest CSV/TSV record or JSONL line (default 16 MiB: a record is a text, and csv-parse
   * takes about 3 s to reach this cap in a file with no line end).
   */
  maxRecordBytes?: number;
  /** Most fields in one CSV/TSV record (default 100,000). */
  maxFields?: number;
}

/** The limits used where a `ReadLimits` field is not given. */
export const DEFAULT_READ_LIMITS: Readonly<Required<ReadLimits>> = Object.freeze({
  maxEntryBytes: 256 * 2 ** 20,
  maxTotalBytes: 4 * 2 ** 30,
  maxRecordBytes: 16 * 2 ** 20,
  maxFields: 100_000,
});

/** `limits` with every field filled in; throws on a limit that is not a positive number. */
export function resolveLimits(limits: ReadLimits = {}): Required<ReadLimits> {
  const out = { ...DEFAULT_READ_LIMITS };
  for (const key of Object.keys(DEFAULT_READ_LIMITS) as (keyof ReadLimits)[]) {
    if (!Object.hasOwn(limits, key) || limits[key] === undefined) continue;
    const v = limits[key];
    if (typeof v !== 'number' || !(v > 0)) {
      throw new RangeError(`limits.${key} must be a positive number of bytes; got ${String(v)}.`);
    }
    out[key] = v;
  }
  return out;
}

/** A file, archive entry or record over one of the `ReadLimits`; `file` names it, `limit` the cap. */
export class SizeLimitError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly limit: keyof ReadLimits,
  ) {
    super(message);
    this.name = 'SizeLimitError';
  }
}

/** "3.0 GB", "256 MiB": sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Throws SizeLimitError when `size` is over `limits[key]`; `what` names the entry or record. */
export function checkLimit(
  size: number,
  limits: Required<ReadLimits>,
  key: keyof ReadLimits,
  file: string,
  what: string,
): void {
  const cap = limits[key];
  if (size <= cap) return;
  const verb = key === 'maxTotalBytes' ? 'unpacks to more than' : 'is';
  throw new SizeLimitError(
    `${what} ${verb} ${formatBytes(size)}, over the ${formatBytes(cap)} limit (limits.${key}); ` +
      'if the file is what you meant, raise that limit.',
    file,
    key,
  );
}
