import { NormalizedString } from '../normalized_string.js';
import type { Normalizer } from './normalizer.js';

/** A literal string or a regular expression (source text, Unicode mode). */
export type Pattern = { string: string } | { regex: string };

/** Finds the non-overlapping matches of `pattern` in `s` as flattened `[start, end)` pairs. */
export function findMatches(s: string, re: RegExp): number[] {
  const out: number[] = [];
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

export function compilePattern(p: Pattern): RegExp {
  const src = 'string' in p ? p.string.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.regex;
  if ('string' in p && p.string.length === 0) {
    throw new Error('Replace/Split: the pattern string is empty; give at least one character');
  }
  try {
    return new RegExp(src, 'gu');
  } catch (e) {
    throw new Error(`invalid regex pattern ${JSON.stringify(src)}: ${(e as Error).message}`);
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
  ) {
    this.re = compilePattern(pattern);
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
  const pieces: Array<[string, number, number]> = [];
  let prev = 0;
  for (let k = 0; k < m.length; k += 2) {
    const a = m[k]!;
    const b = m[k + 1]!;
    for (let i = prev; i < a; i++) pieces.push([s[i]!, i, i + 1]);
    // HF aligns the replacement with the LAST matched char (transform_range's insertions).
    const c = s.charCodeAt(b - 1);
    const last = b >= a + 2 && c >= 0xdc00 && c <= 0xdfff ? b - 2 : b - 1;
    pieces.push([content, alignLast ? last : a, b]);
    prev = b;
  }
  for (let i = prev; i < s.length; i++) pieces.push([s[i]!, i, i + 1]);
  return NormalizedString.build(ns, pieces);
}
