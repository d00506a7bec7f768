import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collect,
  type Entries,
  makeTarGz,
  makeZip,
  tempDir,
  writeTree,
} from '../../test/fixtures.js';
import { bbcNews } from './bbc.js';

// bbc/<class>/NNN.txt, 10 articles per class; one holds a raw Latin-1 "£" like sport/199.txt.
const FILES: Entries = { 'bbc/README.TXT': 'Consists of 50 documents' };
for (const cls of ['business', 'entertainment', 'politics', 'sport', 'tech']) {
  for (let i = 1; i <= 10; i++) {
    FILES[`bbc/${cls}/${String(i).padStart(3, '0')}.txt`] =
      `${cls} headline ${i}\n\n${cls} body ${i}.\n`;
  }
}
FILES['bbc/sport/007.txt'] = Buffer.concat([
  Buffer.from('Transfer fee\n\nA '),
  Buffer.from([0xa3]),
  Buffer.from('15.8m signing.\n'),
]);

let dir: string;
let cleanup: () => Promise<void>;
let zip: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  zip = join(dir, 'bbc-fulltext.zip');
  await writeFile(zip, makeZip(FILES));
  await writeTree(join(dir, 'unpacked'), FILES);
});
afterAll(() => cleanup());

describe('bbcNews', () => {
  it('reads all articles with headline, body and label; decodes the Latin-1 pound sign', async () => {
    const all = await collect(bbcNews({ path: zip, split: 'all' }));
    expect(all).toHaveLength(50);
    const s7 = all.find((e) => e.key === 'sport/007')!;
    expect(s7.label).toBe(3);
    expect(s7.headline).toBe('Transfer fee');
    expect(s7.body).toBe('A £15.8m signing.\n');
    const t3 = all.find((e) => e.key === 'tech/003')!;
    expect([t3.label, t3.category, t3.headline]).toEqual([4, 'tech', 'tech headline 3']);
  });

  it('names a wrong file given as the BBC zip', async () => {
    const imdbLike = join(dir, 'aclImdb_v1.tar.gz');
    await writeFile(imdbLike, await makeTarGz({ 'aclImdb/train/pos/0_9.txt': 'a review' }));
    await expect(collect(bbcNews({ path: imdbLike, split: 'all' }))).rejects.toThrow(
      /aclImdb_v1\.tar\.gz has no articles \(bbc\/<class>\/NNN\.txt\)\. Is it bbc-fulltext\.zip/,
    );
  });

  it('fails on the Latin-1 byte only when strict UTF-8 is asked for', async () => {
    await expect(
      collect(bbcNews({ path: zip, split: 'all', encoding: 'utf-8-strict' })),
    ).rejects.toThrow(/bbc\/sport\/007\.txt: byte 0xA3 at offset 16/);
  });

  it('splits train/test stratified and deterministically, whatever the source', async () => {
    const train = await collect(bbcNews({ path: zip, split: 'train' }));
    const test = await collect(bbcNews({ path: zip, split: 'test' }));
    expect(train).toHaveLength(40);
    expect(test).toHaveLength(10);
    for (let l = 0; l < 5; l++) expect(test.filter((e) => e.label === l)).toHaveLength(2);
    const keys = new Set([...train, ...test].map((e) => e.key));
    expect(keys.size).toBe(50);
    expect(test.every((e) => e.split === 'test') && train.every((e) => e.split === 'train')).toBe(
      true,
    );
    const testFromFolder = await collect(bbcNews({ path: join(dir, 'unpacked'), split: 'test' }));
    expect(testFromFolder.map((e) => e.key)).toEqual(test.map((e) => e.key));
    const otherSeed = await collect(bbcNews({ path: zip, split: 'test', seed: 7 }));
    expect(otherSeed.map((e) => e.key)).not.toEqual(test.map((e) => e.key));
  });
});
