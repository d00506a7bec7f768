// Checksums that cannot be switched off by accident, and pages that are never cached as
// data. One case per line: the official file, the user's options, what the "server" sends
// (an injected fetch), and the error class + fragment or 'ok'. After every case the cache
// holds a file only if it was verified (or explicitly allowed unverified), and a stamp only
// if verified.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/fixtures.js';
import type { RemoteFile } from '../datasets/card.js';
import { datasetCacheDir } from './cache-dir.js';
import { ChecksumError } from './checksum.js';
import { DownloadError } from './download.js';
import { resolveSource, type SourceOptions } from './resolve.js';

const DATA = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(4000, 7)]);
const MD5 = createHash('md5').update(DATA).digest('hex');
const SHA = createHash('sha256').update(DATA).digest('hex');
const HTML = Buffer.from('\n  <!DOCTYPE html><html><body>Sign in to continue</body></html>');
const XML = Buffer.from('<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>');
const URL = 'https://mirror.example/data.tar.gz';

const official = (over: Partial<RemoteFile> = {}): RemoteFile => ({
  filename: 'data.tar.gz',
  url: URL,
  md5: MD5,
  ...over,
});
const noDigest = { filename: 'data.tar.gz', url: URL };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

type Want = 'ok' | [new (...a: never[]) => Error, RegExp];
// [case, official file, options, body served, expected]
// biome-ignore format: one case per line, as a table
const CASES: [string, RemoteFile, SourceOptions, Buffer, Want][] = [
  ['remote { md5: undefined } keeps the official md5: an HTML page is refused', official(), { remote: { url: URL, md5: undefined } }, HTML, [DownloadError, /sent an HTML\/XML page, not data\.tar\.gz .*nothing was kept/]],
  ['remote { md5: undefined } keeps the official md5: the right file passes', official(), { remote: { url: URL, md5: undefined } }, DATA, 'ok'],
  ['remote { sha256: undefined, md5: undefined } still verifies a corrupt file', official(), { remote: { url: URL, sha256: undefined, md5: undefined } }, Buffer.from(DATA).fill(1, 9, 10), [ChecksumError, /has md5 [0-9a-f]{32}, expected/]],
  ['remote { sha256: "" } is an error, not "no checksum"', official(), { remote: { url: URL, sha256: '' } }, DATA, [ChecksumError, /remote\.sha256 "" is not a hex sha256 digest/]],
  ['remote { md5: "abc" } is an error', official(), { remote: { url: URL, md5: 'abc' } }, DATA, [ChecksumError, /remote\.md5 "abc" is not a hex md5 digest \(32 hex digits\)/]],
  ['remote { size } alone replaces the official md5 with nothing: refused', official(), { remote: { url: URL, size: DATA.length } }, DATA, [ChecksumError, /has no md5 or sha256 to verify it; give remote\.sha256 .* allowUnverified: true/]],
  ['remote { size: -1 } is an error', official(), { remote: { url: URL, size: -1 } }, DATA, [ChecksumError, /remote\.size -1 is not a byte count/]],
  ['a file with no published digest needs the opt-out', noDigest, {}, DATA, [ChecksumError, /data\.tar\.gz \(https:\/\/mirror\.example\/data\.tar\.gz\) has no md5 or sha256/]],
  ['allowUnverified: the file is used, never stamped', noDigest, { allowUnverified: true }, DATA, 'ok'],
  ['allowUnverified still refuses an HTML page', noDigest, { allowUnverified: true }, HTML, [DownloadError, /sent an HTML\/XML page/]],
  ['an S3-style XML error page is refused', official(), {}, XML, [DownloadError, /sent an HTML\/XML page/]],
  ['own sha256 given: verified by it', official(), { remote: { url: URL, sha256: SHA } }, DATA, 'ok'],
  ['own sha256 given, wrong body', official(), { remote: { url: URL, sha256: SHA } }, Buffer.from('plain text, not the file'), [ChecksumError, /has sha256 [0-9a-f]{64}, expected/]],
];

const fakeFetch = (body: Buffer) =>
  (async () =>
    new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'content-length': String(body.length) },
    })) as unknown as typeof fetch;

describe('hostile downloads (checksums, pages, stamps)', () => {
  it.each(CASES)('%s', async (_name, file, options, body, want) => {
    const cache = datasetCacheDir('toy', dir);
    const run = resolveSource('toy', file, {
      cacheDir: dir,
      ...options,
      downloadOptions: { fetch: fakeFetch(body), retries: 0 },
    });
    if (want === 'ok') {
      const path = await run;
      expect(path).toBe(join(cache, 'data.tar.gz'));
      const stamped = existsSync(`${path}.verified.json`);
      expect(stamped).toBe(options.allowUnverified !== true);
      // The cached copy is reused without the network.
      expect(await resolveSource('toy', file, { cacheDir: dir, ...options, download: false })).toBe(
        path,
      );
    } else {
      const err = await run.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(want[0]);
      expect((err as Error).message).toMatch(want[1]);
      expect((err as Error).message).not.toContain('\n');
      const left = existsSync(cache) ? await readdir(cache) : [];
      expect(left).toEqual([]); // nothing cached, no .part, no stamp
    }
  });

  it('a legacy "none" stamp or a forged stamp is not trusted: the file is hashed again', async () => {
    const cache = datasetCacheDir('toy', dir);
    const opts = { cacheDir: dir, downloadOptions: { fetch: fakeFetch(DATA), retries: 0 } };
    const path = await resolveSource('toy', official(), opts);
    const bad = Buffer.from(DATA).fill(1, 9, 10);
    for (const stamp of [
      { size: bad.length, mtimeMs: 0, expect: 'none|' },
      JSON.parse('{"__proto__": {"size": 1}, "expect": 5}'),
      'not json',
    ]) {
      await writeFile(path, bad);
      const { mtimeMs, size } = await import('node:fs/promises').then((f) => f.stat(path));
      await writeFile(
        `${path}.verified.json`,
        typeof stamp === 'string'
          ? stamp
          : JSON.stringify({ ...stamp, ...(stamp.expect === 'none|' ? { mtimeMs, size } : {}) }),
      );
      // Re-verified: the corrupt copy is dropped and downloads are off, so it is an error.
      await expect(
        resolveSource('toy', official(), { cacheDir: dir, download: false }),
      ).rejects.toThrow(/not in the cache/);
      expect(await readdir(cache)).toEqual([]);
    }
  });
});
