import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, tempDir } from '../../test/fixtures.js';
import { tabular, tabularCard, tabularLabels } from './tabular.js';

let dir: string;
let cleanup: () => Promise<void>;
const p = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(
    p('reviews.csv'),
    'id,title,body,stars\n1,Great,"Loved it, really",5\n2,Bad,"Hated ""it""",1\n3,Meh,ok,10\n',
  );
  await writeFile(p('sms.tsv'), 'ham\tsee you at 5\nspam\tWIN "money" now\nham\tok\n');
  await writeFile(p('data.jsonl'), '{"text":"a","label":"pos"}\n\n{"text":"b","label":"neg"}\n');
  await writeFile(p('broken.jsonl'), '{"text":"a","label":"pos"}\n{"text": oops}\n');
  await writeFile(p('ragged.csv'), 'text,label\na,1\nb\n');
});
afterAll(() => cleanup());

describe('tabular', () => {
  it('CSV by column names; default label order is numeric when labels are numbers', async () => {
    const opts = { path: p('reviews.csv'), text: ['title', 'body'], label: 'stars' } as const;
    expect(await tabularLabels(opts)).toEqual(['1', '5', '10']);
    const rows = await collect(tabular(opts));
    expect(rows.map((r) => [r.text, r.label, r.labelName])).toEqual([
      ['Great Loved it, really', 1, '5'],
      ['Bad Hated "it"', 0, '1'],
      ['Meh ok', 2, '10'],
    ]);
    expect(rows[0]!.split).toBe('train');
  });

  it('TSV by index without quoting, with a given label order and split name', async () => {
    const rows = await collect(
      tabular({ path: p('sms.tsv'), text: 1, label: 0, labels: ['ham', 'spam'], split: 'test' }),
    );
    expect(rows.map((r) => [r.text, r.label])).toEqual([
      ['see you at 5', 0],
      ['WIN "money" now', 1],
      ['ok', 0],
    ]);
    expect(rows[1]!.key).toBe('test/2');
  });

  it('JSONL by key; default string labels sort by code unit', async () => {
    const rows = await collect(tabular({ path: p('data.jsonl'), text: 'text', label: 'label' }));
    expect(rows.map((r) => [r.text, r.label])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
  });

  it('names the file and line of bad input', async () => {
    await expect(
      collect(tabular({ path: p('broken.jsonl'), text: 'text', label: 'label' })),
    ).rejects.toThrow(/broken\.jsonl line 2: not valid JSON/);
    await expect(
      collect(tabular({ path: p('ragged.csv'), text: 'text', label: 'label' })),
    ).rejects.toThrow(/ragged\.csv line 3/);
    await expect(
      collect(tabular({ path: p('sms.tsv'), text: 1, label: 0, labels: ['ham'] })),
    ).rejects.toThrow(/sms\.tsv line 2: label "spam" is not one of the given labels \[ham\]/);
    await expect(
      collect(tabular({ path: p('reviews.csv'), text: 'review', label: 'stars' })),
    ).rejects.toThrow(/no column "review"; the header has id, title, body, stars/);
  });

  it('tabularCard counts the file and states the label order', async () => {
    const card = await tabularCard(
      { path: p('sms.tsv'), text: 1, label: 0, split: 'test' },
      { id: 'sms', license: 'CC BY 4.0' },
    );
    expect(card.labels).toEqual(['ham', 'spam']);
    expect(card.splits).toEqual({ test: 3 });
    expect(card.perClass).toEqual({ test: [2, 1] });
    expect(card.files.test!.filename).toBe('sms.tsv');
    expect(card.license).toBe('CC BY 4.0');
    expect(card.notes[0]).toMatch(/code-unit order/);
  });
});
