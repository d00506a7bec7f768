import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/fixtures.js';
import type { RemoteFile } from '../datasets/card.js';
import { datasetCacheDir, defaultCacheDir } from './cache-dir.js';
import { ChecksumError } from './checksum.js';
import { DownloadError, downloadFile } from './download.js';
import type { DownloadProgress } from './progress.js';
import { formatProgress } from './progress.js';
import { resolveSource } from './resolve.js';

// A generated "archive" served from 127.0.0.1; tests never leave the machine.
const PAYLOAD = randomBytes(256 * 1024);
const MD5 = createHash('md5').update(PAYLOAD).digest('hex');

type Mode =
  | 'ok'
  | 'cut-once'
  | 'cut-once-no-range'
  | 'stall-once'
  | 'bad-range'
  | 'corrupt'
  | 'missing';
let mode: Mode = 'ok';
let requests: { range: string | undefined }[] = [];
let server: Server;
let base: string;

function handler(req: IncomingMessage, res: ServerResponse): void {
  const range = req.headers.range;
  requests.push({ range });
  if (mode === 'missing') {
    res.writeHead(404).end('not here');
    return;
  }
  const body = mode === 'corrupt' ? Buffer.from(PAYLOAD).fill(0, 1000, 1001) : PAYLOAD;
  if (mode === 'bad-range' && range) {
    // Answers a range request with a range we did not ask for.
    res.writeHead(206, {
      'content-length': String(body.length),
      'content-range': `bytes 0-${body.length - 1}/${body.length}`,
    });
    res.end(body);
    return;
  }
  const honourRange = mode !== 'cut-once-no-range';
  const m = honourRange && range ? /^bytes=(\d+)-$/.exec(range) : null;
  const start = m ? Number(m[1]) : 0;
  const slice = body.subarray(start);
  res.writeHead(m ? 206 : 200, {
    'content-length': String(slice.length),
    ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  if (mode === 'stall-once' && requests.length === 1) {
    res.write(slice.subarray(0, 1000)); // then nothing, connection left open
    return;
  }
  if ((mode === 'cut-once' || mode === 'cut-once-no-range') && requests.length === 1) {
    // Send 40% and drop the connection mid-body.
    res.write(slice.subarray(0, Math.floor(slice.length * 0.4)), () => res.socket?.destroy());
    return;
  }
  res.end(slice);
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  mode = 'ok';
  requests = [];
});
afterEach(() => cleanup());

const remote = (over: Partial<RemoteFile> = {}): RemoteFile => ({
  filename: 'data.tar.gz',
  url: `${base}/data.tar.gz`,
  size: PAYLOAD.length,
  md5: MD5,
  ...over,
});

describe('downloadFile', () => {
  it('downloads, verifies size and md5, renames, and reports bytes, rate and ETA', async () => {
    const dest = join(dir, 'data.tar.gz');
    const events: DownloadProgress[] = [];
    const digest = await downloadFile(remote(), dest, {
      onProgress: (p) => events.push(p),
      progressIntervalMs: 0,
    });
    expect(digest).toBe(`md5:${MD5}`);
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      done: true,
      receivedBytes: PAYLOAD.length,
      totalBytes: PAYLOAD.length,
      file: 'data.tar.gz',
    });
    expect(last.bytesPerSecond).toBeGreaterThan(0);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.receivedBytes).toBeGreaterThanOrEqual(events[i - 1]!.receivedBytes);
    expect(events.some((e) => !e.done && e.etaSeconds !== undefined)).toBe(true);
    expect(formatProgress(last)).toMatch(
      /^data\.tar\.gz {2}256\.0 KiB\/256\.0 KiB {2}100% {2}[\d.]+ (?:B|KiB|MiB|GiB)\/s {2}done$/,
    );
  });

  it('resumes an interrupted download with a Range request', async () => {
    mode = 'cut-once';
    const dest = join(dir, 'data.tar.gz');
    const events: DownloadProgress[] = [];
    await downloadFile(remote(), dest, {
      onProgress: (p) => events.push(p),
      progressIntervalMs: 0,
      retryDelayMs: 0,
    });
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.range).toBeUndefined();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThan(PAYLOAD.length);
    expect(events.at(-1)!.resumedFrom).toBe(resumedAt);
  });

  it('restarts from zero when the server ignores Range', async () => {
    mode = 'cut-once-no-range';
    const dest = join(dir, 'data.tar.gz');
    await downloadFile(remote(), dest, { retryDelayMs: 0 });
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it('drops a stalled connection and resumes', async () => {
    mode = 'stall-once';
    const dest = join(dir, 'data.tar.gz');
    await downloadFile(remote(), dest, { retryDelayMs: 0, stallTimeoutMs: 300 });
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true);
    expect(requests.map((r) => r.range)).toEqual([undefined, 'bytes=1000-']);
  });

  it('also resumes a .part left by an earlier process', async () => {
    const dest = join(dir, 'data.tar.gz');
    await writeFile(`${dest}.part`, PAYLOAD.subarray(0, 1000));
    await downloadFile(remote(), dest);
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true);
    expect(requests.map((r) => r.range)).toEqual(['bytes=1000-']);
  });

  it('starts over when the server answers a resume with another range', async () => {
    mode = 'bad-range';
    const dest = join(dir, 'data.tar.gz');
    await writeFile(`${dest}.part`, PAYLOAD.subarray(0, 1000));
    await downloadFile(remote(), dest, { retryDelayMs: 0 });
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true);
    expect(requests.map((r) => r.range)).toEqual(['bytes=1000-', undefined]);
  });

  it('rejects a corrupted download and keeps nothing of it', async () => {
    mode = 'corrupt';
    const dest = join(dir, 'data.tar.gz');
    const err = await downloadFile(remote(), dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `data\\.tar\\.gz \\(from ${base}/data\\.tar\\.gz\\) has md5 [0-9a-f]+, expected ${MD5}`,
      ),
    );
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('rejects a file of the wrong size', async () => {
    const dest = join(dir, 'data.tar.gz');
    await expect(downloadFile(remote({ size: PAYLOAD.length - 1 }), dest)).rejects.toThrow(
      /expected 262143/,
    );
    expect(existsSync(dest)).toBe(false);
  });

  it('rejects a complete response shorter than the published size without retrying', async () => {
    const dest = join(dir, 'data.tar.gz');
    await expect(
      downloadFile(remote({ size: PAYLOAD.length + 10 }), dest, { retryDelayMs: 0 }),
    ).rejects.toThrow(/data\.tar\.gz \(from .*\) is 262144 bytes, expected 262154/);
    expect(requests).toHaveLength(1);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('reports HTTP errors with the URL', async () => {
    mode = 'missing';
    await expect(downloadFile(remote(), join(dir, 'x'))).rejects.toThrow(
      /data\.tar\.gz from http:\/\/127\.0\.0\.1:\d+\/data\.tar\.gz failed: HTTP 404/,
    );
  });

  it('offline: names the file, its URL and where to put it', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const dest = join(dir, 'aclImdb_v1.tar.gz');
    const url = `http://127.0.0.1:${port}/aclImdb_v1.tar.gz`;
    const err = await downloadFile(remote({ filename: 'aclImdb_v1.tar.gz', url }), dest, {
      retries: 1,
      retryDelayMs: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    const msg = (err as Error).message;
    expect(msg).toContain(`Could not download aclImdb_v1.tar.gz from ${url}`);
    expect(msg).toContain(`put the file at ${dest}`);
  });
});

describe('downloadFile without a network', () => {
  it('fails at once, without retries, when the host name does not resolve', async () => {
    let calls = 0;
    const offlineFetch = (async () => {
      calls++;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      });
    }) as unknown as typeof fetch;
    const dest = join(dir, 'aclImdb_v1.tar.gz');
    const err = await downloadFile(
      remote({ filename: 'aclImdb_v1.tar.gz', url: 'https://ai.stanford.edu/x.tar.gz' }),
      dest,
      {
        fetch: offlineFetch,
        retryDelayMs: 10_000, // would time the test out if it retried
      },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as Error).message).toMatch(
      /Could not download aclImdb_v1\.tar\.gz from https:\/\/ai\.stanford\.edu\/x\.tar\.gz \(fetch failed: getaddrinfo ENOTFOUND\)\. If this machine is offline/,
    );
  });
});

describe('resolveSource (cache)', () => {
  it('downloads once, then trusts the verified copy without the network', async () => {
    const opts = { cacheDir: dir, remote: { url: `${base}/data.tar.gz` } };
    const file = await resolveSource('toy', remote(), opts);
    expect(file).toBe(join(datasetCacheDir('toy', dir), 'data.tar.gz'));
    expect(await resolveSource('toy', remote(), { ...opts, download: false })).toBe(file);
    expect(requests).toHaveLength(1);
  });

  it('replaces a cached file that no longer matches its checksum', async () => {
    const opts = { cacheDir: dir };
    const file = await resolveSource('toy', remote(), opts);
    const bad = Buffer.from(PAYLOAD);
    bad[5] = bad[5]! ^ 1;
    await writeFile(file, bad);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    await expect(resolveSource('toy', remote(), { ...opts, download: false })).rejects.toThrow(
      /not in the cache and downloads are off/,
    );
    expect(existsSync(file)).toBe(false); // the bad copy is gone
    await resolveSource('toy', remote(), opts);
    expect((await readFile(file)).equals(PAYLOAD)).toBe(true);
  });

  it('with downloads off, says where to put the file', async () => {
    const err = await resolveSource('toy', remote(), { cacheDir: dir, download: false }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toContain(
      `Download ${base}/data.tar.gz and put it at ${join(dir, 'datasets', 'toy', 'data.tar.gz')}`,
    );
    expect(requests).toHaveLength(0);
  });

  it('runs the content check on downloads without a checksum and drops a failing file', async () => {
    const file = join(datasetCacheDir('toy', dir), 'data.tar.gz');
    const check = async () => {
      throw new Error('holds 3 articles, expected 2,225');
    };
    await expect(
      resolveSource('toy', remote({ md5: undefined }), { cacheDir: dir }, check),
    ).rejects.toThrow(/expected 2,225/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('defaultCacheDir', () => {
  it('prefers TFNLP_CACHE_DIR, then TFNLP_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(
      defaultCacheDir({ TFNLP_CACHE_DIR: '/a', TFNLP_CACHE: '/b', XDG_CACHE_HOME: '/c' }),
    ).toBe('/a');
    expect(defaultCacheDir({ TFNLP_CACHE: '/b', XDG_CACHE_HOME: '/c' })).toBe('/b');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/tfnlp');
    expect(defaultCacheDir({})).toMatch(/\.cache\/tfnlp$/);
  });
});
