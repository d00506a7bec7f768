// The Train tab's CSV reading: the RFC 4180 parser, and which columns are text and label.
import { describe, expect, it } from 'vitest';
import { detectColumns, labelledTextsFromCsv } from '../src/train/columns.js';
import { CsvError, parseCsv } from '../src/train/csv.js';
import { builtInSample, builtInSampleCsv } from '../src/train/sample.js';

const fields = (text: string, delimiter?: string) => parseCsv(text, delimiter).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain, quoted and escaped fields', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('"x, y","say ""hi""",z')).toEqual([['x, y', 'say "hi"', 'z']]);
    expect(fields('"",a,')).toEqual([['', 'a', '']]);
  });

  it('keeps newlines inside quotes and accepts CRLF, LF and CR line ends', () => {
    const records = parseCsv('text,label\r\n"line one\r\nline two",a\rlast,b');
    expect(records.map((r) => r.fields)).toEqual([
      ['text', 'label'],
      ['line one\r\nline two', 'a'],
      ['last', 'b'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('skips blank lines and a BOM, keeps non-Latin text and HTML as is', () => {
    expect(fields('\uFEFFa,b\n\n\nПривет,<b>x</b>\n\n')).toEqual([
      ['a', 'b'],
      ['Привет', '<b>x</b>'],
    ]);
    expect(fields('')).toEqual([]);
  });

  it('reads tab-separated text when the first line has tabs and no comma', () => {
    expect(fields('text\tlabel\nhello, world\tgreeting')).toEqual([
      ['text', 'label'],
      ['hello, world', 'greeting'],
    ]);
  });

  it('reports malformed quoting with its line', () => {
    expect(() => parseCsv('a,b\n"open,b\nc,d')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n"open,b\nc,d')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => parseCsv('a,b\n"x"y,b')).toThrow(/line 2: unexpected "y" after a closing quote/);
    expect(() => parseCsv('a,b\nx"y,b')).toThrow(/line 2: a quote inside an unquoted field/);
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
