import { NormalizedString } from '../normalized_string.js';
import { compileOnig, regexFor } from '../onig_regex.js';
import type { Normalizer } from './normalizer.js';

/** A literal string or a regular expression (source text, Unicode mode). */
export type Pattern = { string: string } | { regex: string };

/** Finds the non-overlapping matches of `pattern` in `s` as flattened `[start, end)` pairs. */
export function findMatches(s: string, exact: RegExp): number[] {
  const out: number[] = [];
  const re = regexFor(exact, s);
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0].length === 0) {
      // An empty match would loop forever; step past it (HF skips empty matches too).
      re.lastIndex++;
      continue;
    }
    out.push(m.index, m.index + m[0].length);
  }
  return out;
}

/**
 * A global Unicode RegExp for a pattern. Regexes are Oniguruma syntax (as in tokenizer.json
 * files, see onig_regex.ts); errors name `field` (e.g. `pre_tokenizer.pattern`) when given.
 */
export function compilePattern(p: Pattern, field = 'pattern'): RegExp {
  if ('string' in p) {
    if (p.string.length === 0) {
      throw new Error(`${field}.String: the pattern string is empty; give at least one character`);
    }
    return new RegExp(p.string.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  }
  try {
    return compileOnig(p.regex);
  } catch (e) {
    throw new Error(
      `${field}.Regex: ${(e as Error).message} (pattern ${JSON.stringify(p.regex.slice(0, 200))})`,
    );
  }
}

export function patternToJson(p: Pattern) {
  return 'string' in p ? { String: p.string } : { Regex: p.regex };
}

export function patternFromJson(v: unknown, field: string): Pattern {
  const o = v as { String?: unknown; Regex?: unknown } | null;
  if (o && typeof o.String === 'string') return { string: o.String };
  if (o && typeof o.Regex === 'string') return { regex: o.Regex };
  throw new Error(
    `${field}: expected {"String": "..."} or {"Regex": "..."}, got ${JSON.stringify(v)}`,
  );
}

/**
 * Replaces every match of a pattern with `content`; as in HF, the replacement spans the
 * match's last char in the original. Replace({ string: '``' }, '"'): 'say ``hi``' -> 'say "hi"'.
 */
export class Replace implements Normalizer {
  readonly type = 'Replace';
  private readonly re: RegExp;

  constructor(
    readonly pattern: Pattern,
    readonly content: string,
    /** Where the pattern came from, for errors (a tokenizer.json path). */
    field = 'Replace.pattern',
  ) {
    this.re = compilePattern(pattern, field);
  }

  normalize(ns: NormalizedString): NormalizedString {
    return replaceMatches(ns, this.re, this.content, true);
  }

  toJSON() {
    return { type: this.type, pattern: patternToJson(this.pattern), content: this.content };
  }
}

export function replaceMatches(
  ns: NormalizedString,
  re: RegExp,
  content: string,
  /** Align the replacement with the match's last char (HF's Replace) instead of all of it. */
  alignLast = false,
): NormalizedString {
  const s = ns.normalized;
  const m = findMatches(s, re);
  if (m.length === 0) return ns;
  if (content.length === 1 && m.length === 2 * countUnitMatches(m)) {
    // One code unit for one (' ' -> '▁' in SentencePiece-style files): the alignment is
    // unchanged, so skip rebuilding it.
    let out = '';
    let prev = 0;
    for (let k = 0; k < m.length; k += 2) {
      out += s.slice(prev, m[k]!) + content;
      prev = m[k + 1]!;
    }
    return ns.withSameLengthText(out + s.slice(prev));
  }
  return NormalizedString.replaceRanges(ns, m, content, alignLast);
}

/** Number of matches one code unit long (flattened [start, end) pairs). */
function countUnitMatches(m: number[]): number {
  let n = 0;
  for (let k = 0; k < m.length; k += 2) if (m[k + 1]! - m[k]! === 1) n++;
  return n;
}
