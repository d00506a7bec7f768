import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeTarGz, makeZip, tempDir, writeTree } from '../../test/fixtures.js';
import { IMDB_CARD } from './cards.js';
import { imdb } from './imdb.js';

// The official layout: aclImdb/{train,test}/{pos,neg}/{id}_{rating}.txt plus metadata files.
const FILES = {
  'aclImdb/README': 'Large Movie Review Dataset v1.0',
  'aclImdb/imdb.vocab': 'the\nand\n',
  'aclImdb/train/urls_pos.txt': 'http://www.imdb.com/title/tt0453418/usercomments\n',
  'aclImdb/train/pos/0_9.txt': 'A warm school comedy.<br /><br />Great.',
  'aclImdb/train/pos/1_7.txt': 'Fine film.',
  'aclImdb/train/neg/0_3.txt': 'A slow plot with no payoff.',
  'aclImdb/train/neg/1_1.txt': 'Awful — truly.',
  'aclImdb/test/pos/0_10.txt': 'Saw it twice, loved it.',
  'aclImdb/test/neg/0_2.txt': 'Dull.',
};

let dir: string;
let cleanup: () => Promise<void>;
let archive: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  archive = join(dir, 'aclImdb_v1.tar.gz');
  await writeFile(archive, await makeTarGz(FILES));
  await writeTree(join(dir, 'unpacked'), FILES);
  await writeFile(join(dir, 'other.zip'), makeZip({ 'bbc/sport/001.txt': 'not imdb' }));
  await writeFile(
    join(dir, 'bad-utf8.tar.gz'),
    await makeTarGz({ 'aclImdb/train/pos/5_8.txt': new Uint8Array([0x61, 0xff]) }),
  );
});
afterAll(() => cleanup());

describe('imdb', () => {
  it('reads text, label (neg=0, pos=1), rating and id from the official layout', async () => {
    const train = await collect(imdb({ path: archive, split: 'train' }));
    expect(train).toHaveLength(4);
    const byKey = Object.fromEntries(train.map((e) => [e.key, e]));
    expect(byKey['train/pos/0_9']).toEqual({
      text: FILES['aclImdb/train/pos/0_9.txt'],
      label: 1,
      rating: 9,
      id: 0,
      split: 'train',
      key: 'train/pos/0_9',
    });
    expect(byKey['train/neg/1_1']!.label).toBe(0);
    expect(byKey['train/neg/1_1']!.text).toBe('Awful — truly.');
    expect(IMDB_CARD.labels).toEqual(['neg', 'pos']);
  });

  it('reads several splits in one pass, and the same examples from the unpacked folder', async () => {
    const both = await collect(imdb({ path: archive, split: ['train', 'test'] }));
    expect(
      both
        .filter((e) => e.split === 'test')
        .map((e) => e.key)
        .sort(),
    ).toEqual(['test/neg/0_2', 'test/pos/0_10']);
    const fromFolder = await collect(
      imdb({ path: join(dir, 'unpacked'), split: ['train', 'test'] }),
    );
    const sortByKey = <T extends { key: string }>(xs: T[]) =>
      [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(sortByKey(fromFolder)).toEqual(sortByKey(both));
    // A folder below aclImdb/ works too.
    expect(
      await collect(imdb({ path: join(dir, 'unpacked', 'aclImdb'), split: 'test' })),
    ).toHaveLength(2);
  });

  it('reads train/unsup (label -1, rating 0) when the archive has it', async () => {
    const withUnsup = join(dir, 'with-unsup.tar.gz');
    await writeFile(
      withUnsup,
      await makeTarGz({ ...FILES, 'aclImdb/train/unsup/0_0.txt': 'No label here.' }),
    );
    const unsup = await collect(imdb({ path: withUnsup, split: 'unsup' }));
    expect(unsup).toEqual([
      {
        text: 'No label here.',
        label: -1,
        rating: 0,
        id: 0,
        split: 'unsup',
        key: 'train/unsup/0_0',
      },
    ]);
    // unsup reviews never leak into the labelled train split.
    const train = await collect(imdb({ path: withUnsup, split: 'train' }));
    expect(train.every((e) => e.label >= 0)).toBe(true);
  });

  it('says when unsup is missing, when the wrong file is given, and when the path is wrong', async () => {
    await expect(collect(imdb({ path: archive, split: 'unsup' }))).rejects.toThrow(
      /no unsup reviews .*lacks the unlabelled reviews/,
    );
    await expect(collect(imdb({ path: join(dir, 'other.zip') }))).rejects.toThrow(
      /has no train reviews .*Is it the IMDB archive\?/,
    );
    await expect(collect(imdb({ path: join(dir, 'missing.tar.gz') }))).rejects.toThrow(
      /no file or folder at .*missing\.tar\.gz.*aclImdb_v1\.tar\.gz/,
    );
    await expect(collect(imdb({ path: archive, split: 'dev' as never }))).rejects.toThrow(
      /unknown split "dev"/,
    );
  });

  it('names the review with invalid UTF-8, or replaces the bytes when asked', async () => {
    const bad = join(dir, 'bad-utf8.tar.gz');
    await expect(collect(imdb({ path: bad }))).rejects.toThrow(
      /bad-utf8\.tar\.gz:aclImdb\/train\/pos\/5_8\.txt: byte 0xFF at offset 1/,
    );
    const [ex] = await collect(imdb({ path: bad, encoding: 'utf-8' }));
    expect(ex!.text).toBe('a\uFFFD');
  });

  it('verifies a local file against a checksum the user gives', async () => {
    await expect(
      collect(imdb({ path: archive, checksum: { md5: '0'.repeat(32) } })),
    ).rejects.toThrow(
      /aclImdb_v1\.tar\.gz \(from the given path\) has md5 [0-9a-f]{32}, expected 0{32}/,
    );
  });
});
