import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeTarGz, makeZip, tempDir } from '../../test/fixtures.js';
import { NEWSGROUPS_CARD } from './cards.js';
import { newsgroups } from './newsgroups.js';

const post = (body: string) => `From: someone@x.edu\nSubject: hi\n\n${body}\n\n--\nSig Nature\n`;
const FILES = {
  '20news-bydate-train/alt.atheism/49960': post('Atheism post.\n> quoted line'),
  '20news-bydate-train/sci.space/60001': post('Orbit talk.'),
  // 0xE9 alone is Latin-1 "é" and invalid UTF-8, as in the 73 such posts of the original.
  '20news-bydate-train/rec.autos/101': Buffer.concat([
    Buffer.from('From: a\n\nCaf'),
    Buffer.from([0xe9]),
    Buffer.from(' racer\n'),
  ]),
  '20news-bydate-test/sci.space/61000': post('Test space.'),
};

let dir: string;
let cleanup: () => Promise<void>;
let archive: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  archive = join(dir, '20news-bydate.tar.gz');
  await writeFile(archive, await makeTarGz(FILES));
});
afterAll(() => cleanup());

describe('newsgroups', () => {
  it('labels posts by the sorted group list and decodes Latin-1', async () => {
    const train = await collect(newsgroups({ path: archive }));
    expect(train.map((e) => e.key).sort()).toEqual([
      'train/alt.atheism/49960',
      'train/rec.autos/101',
      'train/sci.space/60001',
    ]);
    const autos = train.find((e) => e.group === 'rec.autos')!;
    expect(autos.text).toBe('From: a\n\nCafé racer\n');
    expect(autos.label).toBe(NEWSGROUPS_CARD.labels.indexOf('rec.autos'));
    expect(autos.label).toBe(7);
    expect(autos.id).toBe(101);
  });

  it("strips headers, footers and quotes like scikit-learn's remove=", async () => {
    const [a] = await collect(
      newsgroups({
        path: archive,
        categories: ['alt.atheism'],
        remove: ['headers', 'footers', 'quotes'],
      }),
    );
    // sklearn keeps the blank line before the '--' signature marker.
    expect(a!.text).toBe('Atheism post.\n');
    const [h] = await collect(
      newsgroups({ path: archive, categories: ['alt.atheism'], remove: ['headers'] }),
    );
    expect(h!.text).toBe('Atheism post.\n> quoted line\n\n--\nSig Nature\n');
  });

  it('names a wrong file given as the 20 Newsgroups archive', async () => {
    const other = join(dir, 'bbc-fulltext.zip');
    await writeFile(other, makeZip({ 'bbc/tech/001.txt': 'x' }));
    await expect(collect(newsgroups({ path: other }))).rejects.toThrow(
      /bbc-fulltext\.zip has no posts \(20news-bydate-\{train,test\}\/<group>\/<id>\)/,
    );
  });

  it('selects categories (labels index the sorted subset) and splits', async () => {
    const both = await collect(
      newsgroups({
        path: archive,
        split: ['train', 'test'],
        categories: ['sci.space', 'alt.atheism'],
      }),
    );
    expect(both.map((e) => [e.key, e.label]).sort()).toEqual([
      ['test/sci.space/61000', 1],
      ['train/alt.atheism/49960', 0],
      ['train/sci.space/60001', 1],
    ]);
    await expect(
      collect(newsgroups({ path: archive, categories: ['sci.spaaace'] })),
    ).rejects.toThrow(/unknown category "sci.spaaace"/);
  });
});
