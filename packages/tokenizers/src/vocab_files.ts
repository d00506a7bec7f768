// Parsers for the plain-text vocabulary formats (no file access: usable in browsers).

/** Parses a BERT vocab.txt (one token per line, id = line number). */
export function parseVocabTxt(text: string): Map<string, number> {
  const vocab = new Map<string, number>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const tok = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (!vocab.has(tok)) vocab.set(tok, i);
  });
  return vocab;
}

/** Parses GPT-2 merges.txt ("a b" per line; a "#version" first line is skipped). */
export function parseMergesTxt(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0 || (i === 0 && line.startsWith('#version'))) return;
    const parts = line.split(' ');
    if (parts.length !== 2) {
      throw new Error(
        `merges.txt line ${i + 1}: expected two tokens separated by one space, got ${JSON.stringify(line)}`,
      );
    }
    out.push([parts[0]!, parts[1]!]);
  });
  return out;
}
