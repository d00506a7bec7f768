import { describe, expect, it } from 'vitest';
import {
  cleanNewsgroupPost,
  stripNewsgroupFooter,
  stripNewsgroupHeader,
  stripNewsgroupQuoting,
} from './newsgroups.js';

// A post in the 20news-bydate layout: headers, blank line, body with quotes, signature.
const POST = [
  'From: alice@example.edu (Alice)',
  'Subject: Re: engines',
  'Lines: 9',
  '',
  'In article <1@x.edu> bob@x.edu (Bob) writes:',
  '> V8s are loud.',
  '| really loud',
  'I disagree, they said: nothing.',
  'Mine is quiet.',
  '',
  '-- ',
  'Alice, car nut',
].join('\n');

describe('20 Newsgroups cleaners (scikit-learn semantics)', () => {
  it('headers: drops everything before the first blank line', () => {
    expect(stripNewsgroupHeader(POST).startsWith('In article')).toBe(true);
    expect(stripNewsgroupHeader('no blank line at all')).toBe('');
  });

  it('quotes: drops lines matching sklearn _QUOTE_RE', () => {
    expect(stripNewsgroupQuoting(stripNewsgroupHeader(POST))).toBe(
      ['Mine is quiet.', '', '-- ', 'Alice, car nut'].join('\n'),
    );
    // "said:" anywhere in a line counts, as in sklearn.
    expect(stripNewsgroupQuoting('he said: hi\nok')).toBe('ok');
  });

  it('footers: cuts at the last blank or dash-only line, unless it is the first line', () => {
    expect(stripNewsgroupFooter('body\nmore\n--\nsig')).toBe('body\nmore');
    expect(stripNewsgroupFooter('body\n\nsig\n\n\n')).toBe('body');
    expect(stripNewsgroupFooter('only one block')).toBe('only one block');
    // A separator only in the first line (after strip): the text comes back unchanged, unstripped.
    expect(stripNewsgroupFooter('\n---\nall of it  \n')).toBe('\n---\nall of it  \n');
  });

  it('applies headers, footers, quotes in that order', () => {
    // The footer cut keeps the blank line before '-- '; quotes then drop the first four lines.
    expect(cleanNewsgroupPost(POST, ['quotes', 'footers', 'headers'])).toBe('Mine is quiet.\n');
    expect(cleanNewsgroupPost(POST, [])).toBe(POST);
    expect(() => cleanNewsgroupPost(POST, ['signature' as never])).toThrow(/unknown part/);
  });
});
