import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/fixtures.js';
import { main } from './cli.js';

function capture(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const BODY = Buffer.from('pretend archive bytes '.repeat(1000));
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-length': String(BODY.length) }).end(BODY),
  );
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
});
afterEach(() => cleanup());

describe('tfnlp-datasets CLI', () => {
  it('info prints the card with the label order', async () => {
    const out = capture();
    expect(await main(['info', 'imdb'], out.stream, capture().stream)).toBe(0);
    expect(out.text()).toContain('labels: 0=neg, 1=pos');
    expect(out.text()).toContain('md5 7c2ac02c03563afcf9b574c7e56c153a');
  });

  it('fetch downloads into the cache, prints the path and renders progress', async () => {
    const out = capture();
    const err = capture();
    const md5 = createHash('md5').update(BODY).digest('hex');
    const code = await main(
      ['fetch', 'imdb', '--cache-dir', dir, '--url', `${base}/x`, '--md5', md5],
      out.stream,
      err.stream,
    );
    expect(code).toBe(0);
    const path = join(dir, 'datasets', 'imdb', 'aclImdb_v1.tar.gz');
    expect(out.text()).toBe(`${path}\n`);
    expect((await readFile(path)).equals(BODY)).toBe(true);
    expect(err.text()).toMatch(
      /^aclImdb_v1\.tar\.gz {2}21\.5 KiB\/21\.5 KiB {2}100% {2}[\d.]+ (?:B|KiB|MiB|GiB)\/s {2}done\n$/,
    );
  });

  it('offline: exits 1 with the file, URL and destination', async () => {
    const saved = process.env.TFNLP_OFFLINE;
    process.env.TFNLP_OFFLINE = '1';
    try {
      const err = capture();
      expect(await main(['fetch', 'bbc', '--cache-dir', dir], capture().stream, err.stream)).toBe(
        1,
      );
      expect(err.text()).toContain('bbc-fulltext.zip is not in the cache and downloads are off');
      expect(err.text()).toContain('http://mlg.ucd.ie/files/datasets/bbc-fulltext.zip');
      expect(err.text()).toContain(join(dir, 'datasets', 'bbc', 'bbc-fulltext.zip'));
    } finally {
      if (saved === undefined) delete process.env.TFNLP_OFFLINE;
      else process.env.TFNLP_OFFLINE = saved;
    }
  });

  it('rejects unknown datasets and commands with usage', async () => {
    const err = capture();
    expect(await main(['fetch', 'mnist'], capture().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(
      /unknown dataset "mnist"[\s\S]*datasets: imdb, ag_news, bbc, 20newsgroups/,
    );
  });
});
