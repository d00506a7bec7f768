// HTTP download into the cache: write to `<file>.part`, resume it with a Range request
// after an interruption (or restart when the server ignores Range), verify size and
// checksum, and only then rename to the final name (atomic: a reader sees the old state or
// the whole verified file). A file that fails verification, or that is an HTML page where a
// data file was expected, is deleted, so the cache never keeps a bad file.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RemoteFile } from '../datasets/card.js';
import { ChecksumError, verifyFile } from './checksum.js';
import { looksLikePage, mayBePage } from './html.js';
import type { ProgressCallback } from './progress.js';

/** Retries, delays and the stall timeout of a download. */
export interface DownloadOptions {
  onProgress?: ProgressCallback;
  /** Attempts after the first one; each resumes where the last stopped (default 3). */
  retries?: number;
  /** Injected fetch (tests, proxies). Default: the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Minimum milliseconds between progress callbacks (default 200). */
  progressIntervalMs?: number;
  /** Wait before retry n is n * retryDelayMs (default 1000), so a flapping link can recover. */
  retryDelayMs?: number;
  /** A connection that sends nothing for this long is dropped and resumed (default 60000). */
  stallTimeoutMs?: number;
}

/** A download that failed (HTTP error, offline, downloads off); names the `url` and the cache `file`. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

/** Downloads `remote` to `dest` (verified); returns the digest checked, if any. */
export async function downloadFile(
  remote: RemoteFile,
  dest: string,
  options: DownloadOptions = {},
): Promise<string | undefined> {
  const {
    onProgress,
    retries = 3,
    signal,
    progressIntervalMs = 200,
    retryDelayMs = 1000,
    stallTimeoutMs = 60_000,
  } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  const part = `${dest}.part`;
  await mkdir(dirname(dest), { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0 && retryDelayMs > 0)
      await new Promise((r) => setTimeout(r, attempt * retryDelayMs));
    signal?.throwIfAborted();
    let start = await sizeOf(part);
    if (remote.size !== undefined && start > remote.size) {
      await truncate(part, 0);
      start = 0;
    }
    if (remote.size === undefined || start < remote.size) {
      // Watchdog: aborts this attempt (not the whole download) when no bytes arrive.
      const stall = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const kick = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => stall.abort(new Error(`no data for ${stallTimeoutMs / 1000} s`)),
          stallTimeoutMs,
        );
      };
      kick();
      let res: Response;
      try {
        res = await doFetch(remote.url, {
          // identity: a server that gzips the transfer of a .tar.gz would change its bytes.
          headers: {
            'accept-encoding': 'identity',
            ...(start > 0 ? { range: `bytes=${start}-` } : {}),
          },
          redirect: 'follow',
          signal: signal ? AbortSignal.any([signal, stall.signal]) : stall.signal,
        });
      } catch (e) {
        clearTimeout(timer);
        if (signal?.aborted) throw e;
        lastError = e;
        // The name does not resolve: this machine is offline (or the host is gone);
        // retrying only makes the user wait for the same answer.
        if (isDnsFailure(e)) break;
        continue; // connection refused / reset: try again, then report as offline
      }
      if (res.status === 416 || !res.ok) clearTimeout(timer);
      if (res.status === 416) {
        // Our partial file does not fit the server's file: start over.
        await res.body?.cancel();
        await rm(part, { force: true });
        lastError = new Error('HTTP 416 (range not satisfiable)');
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new DownloadError(
          `Downloading ${remote.filename} from ${remote.url} failed: HTTP ${res.status} ${res.statusText}.`,
          remote.url,
          dest,
        );
      }
      const resumed = res.status === 206 && start > 0 && contentRangeStart(res) === start;
      if (res.status === 206 && !resumed) {
        // A range we did not ask for: drop the partial file and ask for the whole one.
        clearTimeout(timer);
        await res.body?.cancel();
        await rm(part, { force: true });
        lastError = new Error(`unexpected Content-Range ${res.headers.get('content-range')}`);
        continue;
      }
      if (!resumed) start = 0; // server sent the whole file: overwrite the partial one
      const length = Number(res.headers.get('content-length') ?? Number.NaN);
      const total = remote.size ?? (Number.isFinite(length) ? start + length : undefined);
      try {
        await writeBody(res, part, start, total, remote, onProgress, progressIntervalMs, kick);
      } catch (e) {
        if (signal?.aborted) throw e;
        lastError = stall.signal.aborted ? stall.signal.reason : e;
        continue; // interrupted: keep the .part and resume on the next attempt
      } finally {
        clearTimeout(timer);
      }
      const got = await sizeOf(part);
      // The server sent all it announced but that is less than the published size: a
      // different file, not an interruption. Verification below reports it.
      const responseComplete = Number.isFinite(length) && got - start === length;
      if (total !== undefined && got < total && !responseComplete) {
        lastError = new Error(`connection closed after ${got} of ${total} bytes`);
        continue;
      }
    }
    if (!mayBePage(remote.filename) && (await looksLikePage(part))) {
      await rm(part, { force: true });
      throw new DownloadError(
        `${remote.url} sent an HTML/XML page, not ${remote.filename} (a login, error or "moved" page?); nothing was kept. ` +
          'Open the URL in a browser to see it, or download the file yourself and pass its path.',
        remote.url,
        dest,
      );
    }
    try {
      const digest = await verifyFile(part, remote, remote.url, remote.filename);
      await rename(part, dest);
      return digest;
    } catch (e) {
      await rm(part, { force: true });
      if (e instanceof ChecksumError) {
        throw new ChecksumError(
          `${e.message} The download was deleted; try again later, or download it yourself and pass its path.`,
          dest,
        );
      }
      throw e;
    }
  }
  throw new DownloadError(
    `Could not download ${remote.filename} from ${remote.url} (${describe(lastError)}). ` +
      `If this machine is offline, fetch that URL elsewhere and put the file at ${dest}, ` +
      'or pass its local path as { path }.',
    remote.url,
    dest,
    { cause: lastError },
  );
}

async function writeBody(
  res: Response,
  part: string,
  start: number,
  total: number | undefined,
  remote: RemoteFile,
  onProgress: ProgressCallback | undefined,
  intervalMs: number,
  onData: () => void,
): Promise<void> {
  const out = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' });
  const began = Date.now();
  let received = start;
  let lastReport = 0;
  const report = (done: boolean) => {
    if (!onProgress) return;
    const elapsed = Math.max(1, Date.now() - began) / 1000;
    const rate = (received - start) / elapsed;
    onProgress({
      file: remote.filename,
      url: remote.url,
      receivedBytes: received,
      totalBytes: total,
      resumedFrom: start,
      bytesPerSecond: rate,
      etaSeconds:
        total !== undefined && rate > 0 ? Math.max(0, total - received) / rate : undefined,
      done,
    });
  };
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        onData();
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        const now = Date.now();
        if (now - lastReport >= intervalMs) {
          lastReport = now;
          report(false);
        }
      }
    }
  } finally {
    out.end();
    await closed;
  }
  report(true);
}

function isDnsFailure(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } })?.cause?.code;
  return code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

function contentRangeStart(res: Response): number | undefined {
  const m = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
  return m ? Number(m[1]) : undefined;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${cause}`;
  }
  return String(e ?? 'unknown error');
}
