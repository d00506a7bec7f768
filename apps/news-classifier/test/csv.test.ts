// The Train tab's CSV reading: @tfnlp/datasets' parseDelimited (its own tests cover the
// RFC 4180 details), files as Excel and editors write them, and which columns are text and label.
import { FormatError, parseDelimited } from '@tfnlp/datasets';
import { describe, expect, it } from 'vitest';
import { detectColumns, labelledTextsFromCsv } from '../src/train/columns.js';
import { builtInSample, builtInSampleCsv } from '../src/train/sample.js';

const parseCsv = (text: string) => parseDelimited(text, { relaxColumnCount: true });
const bytes = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => {
  const out = new Uint8Array(2 + 2 * s.length);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    out[2 + 2 * i] = s.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = s.charCodeAt(i) >> 8;
  }
  return out;
};

describe('reading a dropped file', () => {
  const CSV = 'text,label\nThe team won,sport\nA new phone,tech\n';
  it.each([
    ['UTF-8', bytes(CSV)],
    ['UTF-8 with a BOM (Excel "CSV UTF-8")', bytes(`\uFEFF${CSV}`)],
    ['CRLF', bytes(CSV.replace(/\n/g, '\r\n'))],
    ['mixed LF / CRLF', bytes('text,label\nThe team won,sport\r\nA new phone,tech\n')],
    ['CR only', bytes(CSV.replace(/\n/g, '\r'))],
    ['UTF-16LE with a BOM (Excel "Unicode text")', utf16le(CSV)],
  ])('%s: same texts and classes, no "sport\\r" class', (_name, file) => {
    const data = labelledTextsFromCsv(file, 'f.csv');
    expect(data.classes).toEqual(['sport', 'tech']);
    expect(data.texts).toEqual(['The team won', 'A new phone']);
    expect(data.columns.header).toBe(true);
  });

  it('reads Windows-1252 bytes (a non-UTF-8 Excel export) as Latin-1', () => {
    const file = new Uint8Array([...bytes('text,label\ncaf'), 0xe9, ...bytes(',a\nthe,b\n')]);
    expect(labelledTextsFromCsv(file, 'f.csv').texts).toEqual(['café', 'the']);
  });

  it('reports malformed quoting with the file and line', () => {
    expect(() => labelledTextsFromCsv('a,b\n"open,b\nc,d', 'q.csv')).toThrow(FormatError);
    expect(() => labelledTextsFromCsv('a,b\n"x"y,b', 'q.csv')).toThrow(
      /q\.csv line 2: Invalid Closing Quote/,
    );
  });
});

describe('column detection', () => {
  it('finds text and label by header name, in any order', () => {
    const c = detectColumns(
      parseCsv('id,Label,Text\n1,sport,The team won the final\n2,tech,A new phone'),
    );
    expect(c).toMatchObject({ text: 2, label: 1, header: true });
    const d = detectColumns(parseCsv('category,headline\nsport,Team wins\nbusiness,Shares fall'));
    expect(d).toMatchObject({ text: 1, label: 0, header: true });
  });

  it('without a header: the longest column is the text, the fewest-valued other one the label', () => {
    const csv = [
      '3,Wall St. closes higher,Stocks rose on Monday as investors cheered strong results.',
      '2,Team wins cup,The home side won the cup final in extra time last night.',
      '3,Oil price falls,Oil fell again as demand slowed in the largest economies.',
      '2,Striker signs,The teenage striker signed a new five-year contract with the club.',
    ].join('\n');
    const c = detectColumns(parseCsv(csv));
    expect(c).toMatchObject({
      text: 2,
      label: 0,
      header: false,
      names: ['column 1', 'column 2', 'column 3'],
    });
    const data = labelledTextsFromCsv(csv, 'ag.csv');
    expect(data.classes).toEqual(['2', '3']); // numeric labels in numeric order
    expect(data.labels).toEqual([1, 0, 1, 0]);
    expect(data.texts[1]).toMatch(/^The home side/);
  });

  it('skips rows with a different number of columns or an empty text/label', () => {
    const data = labelledTextsFromCsv(
      'text,label\nok one,a\nbad row\nok two,b\n,a\nfour,a,extra\n',
      'f.csv',
    );
    expect(data.texts).toEqual(['ok one', 'ok two']);
    expect(data.classes).toEqual(['a', 'b']);
    expect(data.skipped).toBe(3);
  });

  it('explains files it cannot use', () => {
    expect(() => labelledTextsFromCsv('', 'e.csv')).toThrow(/no rows/);
    expect(() => labelledTextsFromCsv('just one column\nmore', 'e.csv')).toThrow(
      /at least two columns/,
    );
    expect(() => labelledTextsFromCsv('text,label\n', 'e.csv')).toThrow(/no data rows/);
    expect(() => labelledTextsFromCsv('text,label\na,x\nb,x\n', 'e.csv')).toThrow(
      /"label" has 1 distinct value/,
    );
  });

  it('reads the built-in sample back from its CSV form', () => {
    const sample = builtInSample();
    const data = labelledTextsFromCsv(builtInSampleCsv(), 'sample.csv');
    expect(data.classes).toEqual(sample.classes);
    expect(data.texts).toEqual(sample.texts);
    expect(data.labels).toEqual(sample.labels);
    expect(new Set(sample.texts).size).toBe(sample.texts.length); // no duplicates
  });
});
