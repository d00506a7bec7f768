// Finds the file a dataset reads: a path the user gave (checked against a checksum they
// give, if any), else the verified copy in the cache, else a download into the cache.

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RemoteFile } from '../datasets/card.js';
import type { ReadLimits } from '../limits.js';
import { datasetCacheDir } from './cache-dir.js';
import { type Checksum, ChecksumError, verifyFile } from './checksum.js';
import { DownloadError, type DownloadOptions, downloadFile } from './download.js';
import { looksLikePage, mayBePage } from './html.js';
import type { ProgressCallback } from './progress.js';

/** Where a built-in loader reads its data: a local `path`, the cache, or a (verified) download. */
export interface SourceOptions {
  /**
   * A local copy: the archive, a single data file, or the unpacked folder. Read as it is,
   * without the official checksum (local copies are often rebuilt); pass `checksum` to verify it.
   */
  path?: string;
  /** Checked against `path` before reading. */
  checksum?: Checksum;
  /** Cache root (default $TFNLP_CACHE_DIR, $TFNLP_CACHE, or the XDG cache dir + /tfnlp). */
  cacheDir?: string;
  /** false: never touch the network (also when TFNLP_OFFLINE=1). */
  download?: boolean;
  onProgress?: ProgressCallback;
  /**
   * A mirror: `{ url }` keeps the official checks; giving md5 / sha256 / size replaces them
   * all. A field given as undefined counts as not given; an empty or malformed digest is an
   * error. A download needs an md5 or sha256 (or the dataset's own content check).
   */
  remote?: Partial<RemoteFile>;
  /**
   * Download and use a remote file that has no md5 / sha256 (a mirror of your own). Off by
   * default; such a file is never stamped as verified, and a page where a data file was
   * expected is still refused.
   */
  allowUnverified?: boolean;
  /** Size caps of the archive, CSV and JSONL readers (defaults: DEFAULT_READ_LIMITS). */
  limits?: ReadLimits;
  /** Download tuning (retries, injected fetch, abort signal). */
  downloadOptions?: Omit<DownloadOptions, 'onProgress'>;
}

/** Extra check for files without a published checksum (e.g. count the entries). */
export type ContentCheck = (file: string) => Promise<void>;

/** Returns a local path to read, verified as described above. */
export async function resolveSource(
  datasetId: string,
  official: RemoteFile,
  options: SourceOptions,
  contentCheck?: ContentCheck,
): Promise<string> {
  if (options.path !== undefined) {
    try {
      await stat(options.path);
    } catch {
      throw new Error(
        `${datasetId}: no file or folder at ${options.path}. Give the path of ${official.filename} ` +
          `(from ${official.url}) or of its unpacked folder.`,
      );
    }
    if (options.checksum) await verifyFile(options.path, options.checksum, 'the given path');
    return options.path;
  }
  // A mirror with only a URL serves the official file (official checks apply); one that
  // gives any of md5 / sha256 / size replaces all the official checks.
  const own = options.remote ? cleanRemote(datasetId, options.remote) : undefined;
  const ownChecks =
    own !== undefined && ['md5', 'sha256', 'size'].some((k) => Object.hasOwn(own, k));
  const remote: RemoteFile = ownChecks
    ? { filename: official.filename, url: official.url, ...own }
    : { ...official, ...own };
  const dir = datasetCacheDir(datasetId, options.cacheDir);
  const dest = join(dir, remote.filename);
  const stampFile = `${dest}.verified.json`;
  const digest = remote.sha256
    ? `sha256:${remote.sha256}`
    : remote.md5
      ? `md5:${remote.md5}`
      : undefined;
  // Verified means a digest, or the dataset's own content check; anything else needs the
  // named opt-out, and is then never stamped (so never trusted without a check).
  const verifiable = digest !== undefined || contentCheck !== undefined;
  if (!verifiable && options.allowUnverified !== true) {
    throw new ChecksumError(
      `${datasetId}: ${remote.filename} (${remote.url}) has no md5 or sha256 to verify it; ` +
        'give remote.sha256 (or remote.md5), or pass allowUnverified: true to use it unchecked.',
      dest,
    );
  }
  const expect = `${digest ?? 'content'}|${remote.size ?? ''}`;
  const cached = await statOrUndefined(dest);
  if (cached && !verifiable) {
    // Opted out of verification: keep using the cached copy unless it is a page.
    if (mayBePage(remote.filename) || !(await looksLikePage(dest))) return dest;
    await rm(dest, { force: true });
  } else if (cached) {
    // A stamp written after verification, matching size, mtime and expected digest,
    // spares re-hashing 80 MB on every run; anything else is verified again.
    const stamp = await readStamp(stampFile);
    if (
      stamp &&
      stamp.size === cached.size &&
      stamp.mtimeMs === cached.mtimeMs &&
      stamp.expect === expect
    )
      return dest;
    try {
      await verifyFile(dest, remote, dest);
      await contentCheck?.(dest);
      await writeStamp(stampFile, dest, expect);
      return dest;
    } catch (e) {
      if (!(e instanceof ChecksumError) && !(e instanceof ContentCheckError)) throw e;
      // Never keep a bad file: remove it and fetch a fresh copy below.
      await rm(dest, { force: true });
      await rm(stampFile, { force: true });
    }
  }

  const offline = options.download === false || process.env.TFNLP_OFFLINE === '1';
  if (offline) {
    throw new DownloadError(
      `${datasetId}: ${remote.filename} is not in the cache and downloads are off. ` +
        `Download ${remote.url} and put it at ${dest}, or pass its local path as { path }.`,
      remote.url,
      dest,
    );
  }
  await downloadFile(remote, dest, {
    ...options.downloadOptions,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (contentCheck) {
    try {
      await contentCheck(dest);
    } catch (e) {
      await rm(dest, { force: true });
      throw e;
    }
  }
  if (verifiable) await writeStamp(stampFile, dest, expect);
  return dest;
}

/** Thrown by content checks so resolveSource knows the cached file is bad, not unreadable. */
export class ContentCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentCheckError';
  }
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

interface Stamp {
  size: number;
  mtimeMs: number;
  expect: string;
}

/** The stamp, or undefined when it is missing, unreadable or not of the expected shape. */
async function readStamp(file: string): Promise<Stamp | undefined> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as Partial<Stamp> | null;
    if (
      v === null ||
      typeof v !== 'object' ||
      typeof v.size !== 'number' ||
      typeof v.mtimeMs !== 'number' ||
      typeof v.expect !== 'string' ||
      v.expect.startsWith('none')
    )
      return undefined;
    return { size: v.size, mtimeMs: v.mtimeMs, expect: v.expect };
  } catch {
    return undefined;
  }
}

const HEX = { md5: /^[0-9a-f]{32}$/i, sha256: /^[0-9a-f]{64}$/i } as const;

/**
 * `remote` without the fields given as undefined; an empty or malformed digest, or a size
 * that is not a byte count, is an error (it would otherwise switch verification off).
 */
function cleanRemote(datasetId: string, remote: Partial<RemoteFile>): Partial<RemoteFile> {
  const out: Partial<RemoteFile> = {};
  for (const key of ['filename', 'url', 'md5', 'sha256', 'size'] as const) {
    if (!Object.hasOwn(remote, key) || remote[key] === undefined) continue;
    const v = remote[key];
    if ((key === 'md5' || key === 'sha256') && (typeof v !== 'string' || !HEX[key].test(v))) {
      throw new ChecksumError(
        `${datasetId}: remote.${key} ${JSON.stringify(v)} is not a hex ${key} digest (${key === 'md5' ? 32 : 64} hex digits); give the digest, or leave the field out.`,
        String(remote.filename ?? ''),
      );
    }
    if (key === 'size' && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) {
      throw new ChecksumError(
        `${datasetId}: remote.size ${JSON.stringify(v)} is not a byte count; give the size in bytes, or leave it out.`,
        String(remote.filename ?? ''),
      );
    }
    (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** Writes the stamp atomically (unique temp file + rename), so a reader never sees half of it. */
async function writeStamp(stampFile: string, dest: string, expect: string): Promise<void> {
  const st = await stat(dest);
  const tmp = `${stampFile}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs, expect }));
  await rename(tmp, stampFile);
}
