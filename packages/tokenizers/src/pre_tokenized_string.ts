import type { NormalizedString } from './normalized_string.js';

/** A token produced by a model: `start`/`end` are code-unit offsets into the word it came from. */
export interface Token {
  id: number;
  value: string;
  start: number;
  end: number;
}

/**
 * How a pattern's matches become pieces (HF `SplitDelimiterBehavior`), for "a-b--c" split on '-':
 *   removed:            a | b | c
 *   isolated:           a | - | b | - | - | c
 *   mergedWithPrevious: a- | b- | - | c
 *   mergedWithNext:     a | -b | - | -c
 *   contiguous:         a | - | b | -- | c
 */
export type SplitBehavior =
  | 'removed'
  | 'isolated'
  | 'mergedWithPrevious'
  | 'mergedWithNext'
  | 'contiguous';

const BEHAVIOR_JSON: Record<string, SplitBehavior> = {
  Removed: 'removed',
  Isolated: 'isolated',
  MergedWithPrevious: 'mergedWithPrevious',
  MergedWithNext: 'mergedWithNext',
  Contiguous: 'contiguous',
};

export function behaviorFromJson(v: unknown, field: string): SplitBehavior {
  const b = BEHAVIOR_JSON[String(v)];
  if (!b) {
    throw new Error(
      `${field}: unknown split behavior ${JSON.stringify(v)}; expected one of ${Object.keys(BEHAVIOR_JSON).join(', ')}`,
    );
  }
  return b;
}

export function behaviorToJson(b: SplitBehavior): string {
  return b[0]!.toUpperCase() + b.slice(1);
}

/**
 * Splits `ns` at the given matches (sorted, non-overlapping `[start, end)` pairs flattened into
 * one array) according to `behavior`, appending non-empty pieces to `out`.
 */
export function splitAtMatches(
  ns: NormalizedString,
  matches: number[],
  behavior: SplitBehavior,
  out: NormalizedString[],
): void {
  const n = ns.length;
  if (matches.length === 0) {
    if (n > 0) out.push(ns);
    return;
  }
  let prev = 0; // start of the pending (not yet emitted) region
  const push = (a: number, b: number) => {
    if (b > a) out.push(ns.slice(a, b));
  };
  for (let m = 0; m < matches.length; m += 2) {
    const s = matches[m]!;
    const e = matches[m + 1]!;
    switch (behavior) {
      case 'removed':
        push(prev, s);
        prev = e;
        break;
      case 'isolated':
        push(prev, s);
        push(s, e);
        prev = e;
        break;
      case 'mergedWithPrevious':
        push(prev, e);
        prev = e;
        break;
      case 'mergedWithNext':
        push(prev, s);
        prev = s;
        break;
      case 'contiguous': {
        push(prev, s);
        let end = e;
        // Merge the following matches that touch this one.
        while (m + 2 < matches.length && matches[m + 2] === end) {
          m += 2;
          end = matches[m + 1]!;
        }
        push(s, end);
        prev = end;
        break;
      }
    }
  }
  push(prev, n);
}

/** Matches of a per-code-point predicate, each char its own match (surrogate pairs kept whole). */
export function charMatches(s: string, pred: (cp: number) => boolean): number[] {
  const out: number[] = [];
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    let cp = c;
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        w = 2;
      }
    }
    if (pred(cp)) out.push(i, i + w);
    i += w;
  }
  return out;
}
