// The three 20 Newsgroups cleaners of scikit-learn's fetch_20newsgroups(remove=...),
// ported line for line so results match sklearn on the same (Latin-1 decoded) text.

/** Parts scikit-learn's `remove` option strips from a post. */
export type NewsgroupsRemove = 'headers' | 'footers' | 'quotes';

/** Everything before the first blank line is the header block. */
export function stripNewsgroupHeader(text: string): string {
  const at = text.indexOf('\n\n');
  return at < 0 ? '' : text.slice(at + 2);
}

// Same pattern as sklearn's _QUOTE_RE; applied to one line at a time, so ^ is line start.
const QUOTE_RE = /(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\||^>)/;

/** Drops lines that quote another post (> or |) or introduce a quote ("... writes:"). */
export function stripNewsgroupQuoting(text: string): string {
  return text
    .split('\n')
    .filter((line) => !QUOTE_RE.test(line))
    .join('\n');
}

/** Drops the signature: everything after the last blank or all-dash line (if it is not the first). */
export function stripNewsgroupFooter(text: string): string {
  const lines = pyStrip(text).split('\n');
  let lineNum = lines.length - 1;
  for (; lineNum >= 0; lineNum--) {
    if (stripDashes(pyStrip(lines[lineNum]!)) === '') break;
  }
  return lineNum > 0 ? lines.slice(0, lineNum).join('\n') : text;
}

/** Applies the cleaners in sklearn's order: headers, then footers, then quotes. */
export function cleanNewsgroupPost(text: string, remove: readonly NewsgroupsRemove[]): string {
  for (const r of remove) {
    if (r !== 'headers' && r !== 'footers' && r !== 'quotes') {
      throw new Error(
        `remove: unknown part ${JSON.stringify(r)}; use 'headers', 'footers' and/or 'quotes'.`,
      );
    }
  }
  let out = text;
  if (remove.includes('headers')) out = stripNewsgroupHeader(out);
  if (remove.includes('footers')) out = stripNewsgroupFooter(out);
  if (remove.includes('quotes')) out = stripNewsgroupQuoting(out);
  return out;
}

// Python's str.strip() whitespace (str.isspace), which also covers \x1c-\x1f and \x85,
// unlike String.prototype.trim.
const PY_WS =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');

function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

function stripDashes(s: string): string {
  return s.replace(/^-+|-+$/g, '');
}
