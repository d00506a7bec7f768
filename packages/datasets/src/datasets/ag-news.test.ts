import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeTarGz, tempDir } from '../../test/fixtures.js';
import { agNews } from './ag-news.js';
import { AG_NEWS_CARD } from './cards.js';

// Rows in the original form: every field quoted, "" for a quote, "\" for a line break,
// and one field with a real newline inside quotes (legal RFC 4180).
const TEST_CSV = [
  '"3","Mill pension talks stall","Unions at the mill say they are ""disappointed""   after talks."',
  '"4","Rocket race","A\\second team of rocket builders\\\\joins."',
  '"1","Two\nlines","World news."',
  '"2","Swimmer wins","Gold again."',
].join('\n');
const TRAIN_CSV = '"2","A","b"\n"1","C","d"\n';

let dir: string;
let cleanup: () => Promise<void>;
const p = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(
    p('ag_news_csv.tgz'),
    await makeTarGz({
      'ag_news_csv/classes.txt': 'World\nSports\nBusiness\nSci/Tech\n',
      'ag_news_csv/train.csv': TRAIN_CSV,
      'ag_news_csv/test.csv': TEST_CSV,
    }),
  );
  await writeFile(
    p('test-only.tar.gz'),
    await makeTarGz({ 'ag_news_csv/test.csv': TEST_CSV, 'ag_news_csv/readme.txt': 'r' }),
  );
  await writeFile(p('test.csv'), TEST_CSV);
  await writeFile(p('unclosed.csv'), '"1","ok","fine"\n"2","broken,"no close\n');
  await writeFile(p('short.csv'), '"1","ok","fine"\n"2","only two"\n');
  await writeFile(p('class5.csv'), '"5","t","d"\n');
  await writeFile(
    p('latin1.csv'),
    Buffer.concat([Buffer.from('"1","caf'), Buffer.from([0xe9]), Buffer.from('","d"\n')]),
  );
});
afterAll(() => cleanup());

describe('agNews', () => {
  it('parses the official rows: class 1..4 -> label 0..3, quotes, newlines, backslashes kept', async () => {
    const rows = await collect(agNews({ path: p('ag_news_csv.tgz'), split: 'test' }));
    expect(rows.map((r) => r.label)).toEqual([2, 3, 0, 1]);
    expect(AG_NEWS_CARD.labels[rows[0]!.label]).toBe('Business');
    expect(rows[0]!.description).toBe(
      'Unions at the mill say they are "disappointed"   after talks.',
    );
    expect(rows[0]!.text).toBe(`${rows[0]!.title} ${rows[0]!.description}`);
    expect(rows[1]!.description).toBe('A\\second team of rocket builders\\\\joins.');
    expect(rows[2]!.title).toBe('Two\nlines');
    expect(rows.map((r) => r.key)).toEqual(['test/1', 'test/2', 'test/3', 'test/4']);
    expect(await collect(agNews({ path: p('ag_news_csv.tgz'), split: 'train' }))).toHaveLength(2);
  });

  it('turns backslash breaks into newlines or spaces on request', async () => {
    const [, row] = await collect(
      agNews({ path: p('test.csv'), split: 'test', backslash: 'newline' }),
    );
    expect(row!.description).toBe('A\nsecond team of rocket builders\njoins.');
    const [, row2] = await collect(
      agNews({ path: p('test.csv'), split: 'test', backslash: 'space' }),
    );
    expect(row2!.description).toContain('A second team of rocket builders joins.');
  });

  it('gives a clear error for a missing split', async () => {
    await expect(collect(agNews({ path: p('test-only.tar.gz'), split: 'train' }))).rejects.toThrow(
      /has no train\.csv; it holds test\.csv, readme\.txt\. .*train\.csv is also at https:\/\//,
    );
  });

  it('names a wrong archive without listing all of it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`aclImdb/train/pos/${i}_9.txt`] = 'review';
    await writeFile(p('aclImdb_v1.tar.gz'), await makeTarGz(files));
    await expect(collect(agNews({ path: p('aclImdb_v1.tar.gz'), split: 'test' }))).rejects.toThrow(
      /aclImdb_v1\.tar\.gz has no test\.csv; it holds 0_9\.txt, 1_9\.txt, 2_9\.txt, 3_9\.txt, 4_9\.txt and 35 more files\./,
    );
  });

  it('names the file and line of a malformed row', async () => {
    await expect(collect(agNews({ path: p('unclosed.csv'), split: 'test' }))).rejects.toThrow(
      /unclosed\.csv line \d+: .*Quote/i,
    );
    await expect(collect(agNews({ path: p('short.csv'), split: 'test' }))).rejects.toThrow(
      /short\.csv line 2: .*"class","title","description"/,
    );
    await expect(collect(agNews({ path: p('class5.csv'), split: 'test' }))).rejects.toThrow(
      /class5\.csv line 1: class "5" is not 1\.\.4/,
    );
  });

  it('reports non-UTF-8 bytes with the line, or decodes them when told how', async () => {
    await expect(collect(agNews({ path: p('latin1.csv'), split: 'test' }))).rejects.toThrow(
      /latin1\.csv line 1: byte 0xE9/,
    );
    const [row] = await collect(
      agNews({ path: p('latin1.csv'), split: 'test', encoding: 'utf-8-or-latin1' }),
    );
    expect(row!.title).toBe('café');
  });
});
