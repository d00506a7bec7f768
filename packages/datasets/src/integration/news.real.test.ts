// Integration: the real AG News, BBC and 20 Newsgroups archives (counts from SOURCES.md).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { realFile } from '../../test/data-dir.js';
import { agNews } from '../datasets/ag-news.js';
import { bbcNews } from '../datasets/bbc.js';
import { NEWSGROUPS_CARD } from '../datasets/cards.js';
import { type NewsgroupsExample, newsgroups } from '../datasets/newsgroups.js';
import { toArray } from '../pipeline/iter.js';

const count = (labels: number[], n: number) => {
  const c = new Array<number>(n).fill(0);
  for (const l of labels) c[l]!++;
  return c;
};

const ag = realFile('ag_news/ag_news_csv.tar.gz');
describe.skipIf(!ag.present)(`AG News, real archive: ${ag.label}`, () => {
  it('test.csv has 1,900 rows per class; the first row is Business', async () => {
    const rows = await toArray(agNews({ path: ag.path, split: 'test' }));
    expect(
      count(
        rows.map((r) => r.label),
        4,
      ),
    ).toEqual([1900, 1900, 1900, 1900]);
    expect(rows[0]!.label).toBe(2);
    // sha256 of the first row's text (SOURCES.md quotes it), so no article text is committed.
    expect(createHash('sha256').update(rows[0]!.text, 'utf8').digest('hex')).toBe(
      '013ffb81b47fe45a66245a9c43144b83918bd5944b5300bd4c40b087e954ab8d',
    );
  });

  it('our copy has no train.csv: a clear error', async () => {
    await expect(toArray(agNews({ path: ag.path, split: 'train' }))).rejects.toThrow(
      /has no train\.csv; it holds .*test\.csv/,
    );
  });
});

const bbc = realFile('bbc/bbc-fulltext.zip');
describe.skipIf(!bbc.present)(`BBC News, real archive: ${bbc.label}`, () => {
  it('has 510/386/417/511/401 articles and decodes the Latin-1 byte of sport/199.txt', async () => {
    const all = await toArray(bbcNews({ path: bbc.path, split: 'all' }));
    expect(
      count(
        all.map((e) => e.label),
        5,
      ),
    ).toEqual([510, 386, 417, 511, 401]);
    const s199 = all.find((e) => e.key === 'sport/199')!;
    expect(s199.text).toContain('£');
    expect(s199.text).not.toContain('\uFFFD');
  });

  it('default split: 20% of each class in test, disjoint from train', async () => {
    const test = await toArray(bbcNews({ path: bbc.path, split: 'test' }));
    const train = await toArray(bbcNews({ path: bbc.path, split: 'train' }));
    expect(
      count(
        test.map((e) => e.label),
        5,
      ),
    ).toEqual([102, 77, 83, 102, 80]);
    expect(train.length + test.length).toBe(2225);
    // Pinned: the seed-42 split is the same on every platform and Node version; this
    // changes only if the PRNG, the shuffle or the split rule changes.
    expect(test.slice(0, 3).map((e) => e.key)).toEqual([
      'business/149',
      'business/236',
      'business/048',
    ]);
    const digest = createHash('sha256')
      .update(test.map((e) => e.key).join('\n'))
      .digest('hex');
    expect(digest).toBe('57f14ea0aa5d5b6d2176e469691956af25b31d08bca296e4108c9dcc202cd783');
    const trainKeys = new Set(train.map((e) => e.key));
    expect(test.some((e) => trainKeys.has(e.key))).toBe(false);
  });
});

const ng = realFile('20newsgroups/20news-bydate.tar.gz');
describe.skipIf(!ng.present)(`20 Newsgroups, real archive: ${ng.label}`, () => {
  // One pass over the archive serves both tests (cleaning does not change the counts).
  let all: NewsgroupsExample[];
  beforeAll(async () => {
    all = await toArray(
      newsgroups({
        path: ng.path,
        split: ['train', 'test'],
        remove: ['headers', 'footers', 'quotes'],
      }),
    );
  }, 60_000);

  it('has 11,314 train / 7,532 test posts with the published per-group counts', () => {
    const train = all.filter((e) => e.split === 'train');
    const test = all.filter((e) => e.split === 'test');
    expect(train).toHaveLength(11_314);
    expect(test).toHaveLength(7_532);
    expect(
      count(
        train.map((e) => e.label),
        20,
      ),
    ).toEqual(NEWSGROUPS_CARD.perClass!.train);
    expect(
      count(
        test.map((e) => e.label),
        20,
      ),
    ).toEqual(NEWSGROUPS_CARD.perClass!.test);
  });

  it("remove: headers, footers, quotes gives exactly scikit-learn's text for all 18,846 posts", () => {
    // Reference: sha256 over sorted "<archive path>\t<sha256 of cleaned text>\n" lines, computed
    // with scikit-learn's strip_newsgroup_{header,footer,quoting} (Latin-1 decoded, applied in
    // sklearn's order) on this archive. Text is hashed as UTF-8.
    const lines = all.map((e) => {
      const [split, group, id] = e.key.split('/');
      const h = createHash('sha256').update(e.text, 'utf8').digest('hex');
      return `20news-bydate-${split}/${group}/${id}\t${h}\n`;
    });
    lines.sort();
    expect(createHash('sha256').update(lines.join(''), 'utf8').digest('hex')).toBe(
      '79fed261a80339a9302b034ca52adc6538ffe017fcdd79b2c1596dd775f1658f',
    );
  });
});
