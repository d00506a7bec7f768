// Loaders end to end through the cache: download from a local server, verify, cache, reuse;
// and the errors a user sees offline or with a bad file. Never touches the network.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, makeTarGz, makeZip, tempDir } from '../../test/fixtures.js';
import { bbcNews } from './bbc.js';
import { imdb } from './imdb.js';

const files = new Map<string, Buffer>();
let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  files.set(
    '/aclImdb_v1.tar.gz',
    await makeTarGz({ 'aclImdb/train/pos/0_9.txt': 'Great.', 'aclImdb/train/neg/0_2.txt': 'Bad.' }),
  );
  files.set(
    '/bbc-fulltext.zip',
    makeZip({ 'bbc/tech/001.txt': 'a\n\nb', 'bbc/sport/001.txt': 'c\n\nd' }),
  );
  server = createServer((req, res) => {
    hits++;
    const body = files.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let cacheDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: cacheDir, cleanup } = await tempDir());
  hits = 0;
});
afterEach(() => cleanup());

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const fast = { downloadOptions: { retryDelayMs: 0 } };

describe('loaders with the cache', () => {
  it('imdb: downloads into the cache, verifies, then reads offline from the cache', async () => {
    const archive = files.get('/aclImdb_v1.tar.gz')!;
    const remote = { url: `${base}/aclImdb_v1.tar.gz`, md5: md5(archive), size: archive.length };
    const progress: number[] = [];
    const first = await collect(
      imdb({ cacheDir, remote, onProgress: (p) => progress.push(p.receivedBytes), ...fast }),
    );
    expect(first.map((e) => [e.key, e.label])).toEqual([
      ['train/pos/0_9', 1],
      ['train/neg/0_2', 0],
    ]);
    expect(progress.at(-1)).toBe(archive.length);
    expect(existsSync(join(cacheDir, 'datasets', 'imdb', 'aclImdb_v1.tar.gz'))).toBe(true);
    const again = await collect(imdb({ cacheDir, remote, download: false }));
    expect(again).toEqual(first);
    expect(hits).toBe(1);
  });

  it('imdb offline: names the file, the official URL and where to put it', async () => {
    const err = await collect(imdb({ cacheDir, download: false })).catch((e: unknown) => e);
    const msg = (err as Error).message;
    expect(msg).toContain('aclImdb_v1.tar.gz is not in the cache and downloads are off');
    expect(msg).toContain('https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz');
    expect(msg).toContain(join(cacheDir, 'datasets', 'imdb', 'aclImdb_v1.tar.gz'));
  });

  it('imdb: a download with the wrong checksum leaves nothing in the cache', async () => {
    const remote = { url: `${base}/aclImdb_v1.tar.gz`, md5: '0'.repeat(32) };
    await expect(collect(imdb({ cacheDir, remote, ...fast }))).rejects.toThrow(
      /has md5 [0-9a-f]{32}, expected 0{32}/,
    );
    expect(readdirSync(join(cacheDir, 'datasets', 'imdb'))).toEqual([]);
  });

  it('bbc: without a published checksum, a download is checked by content and dropped if wrong', async () => {
    await expect(
      collect(bbcNews({ cacheDir, remote: { url: `${base}/bbc-fulltext.zip` }, ...fast })),
    ).rejects.toThrow(/holds 2 articles, expected 2225/);
    expect(readdirSync(join(cacheDir, 'datasets', 'bbc'))).toEqual([]);
  });
});
