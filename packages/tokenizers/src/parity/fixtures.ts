// Test helpers: read the committed fixtures (see scripts/make-fixtures.mjs).
import { readFileSync } from 'node:fs';
import type { Encoding } from '../encoding.js';
import { tokenizerFromJson } from '../serialization.js';
import type { Tokenizer } from '../tokenizer.js';

const root = new URL('../../fixtures/', import.meta.url);

export function fixture<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(new URL(rel, root), 'utf8')) as T;
}

export interface EncodingJson {
  ids: number[];
  tokens: string[];
  offsets: Array<[number, number]>;
  wordIds: Array<number | null>;
  typeIds: number[];
  specialTokensMask: number[];
  attentionMask: number[];
  overflowing: EncodingJson[];
}

export function toJson(e: Encoding): EncodingJson {
  return {
    ids: e.ids,
    tokens: e.tokens,
    offsets: e.offsets,
    wordIds: e.wordIds,
    typeIds: e.typeIds,
    specialTokensMask: e.specialTokensMask,
    attentionMask: e.attentionMask,
    overflowing: e.overflowing.map(toJson),
  };
}

export function loadFixtureTokenizer(name: string): Tokenizer {
  return tokenizerFromJson(fixture(`tok/${name}.json`));
}

export const hardStrings: string[] = fixture<{ strings: string[] }>('hard_strings.json').strings;
export const corpusLines: string[] = fixture<{ lines: string[] }>('corpus.json').lines;

/** Collects "input: field differs" lines for a readable failure message. */
export function diff(
  label: string,
  input: unknown,
  got: unknown,
  want: unknown,
  out: string[],
): void {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w)
    out.push(
      `${label} ${JSON.stringify(input)}\n   got  ${g.slice(0, 400)}\n   want ${w.slice(0, 400)}`,
    );
}

export function diffEncoding(
  label: string,
  input: unknown,
  got: EncodingJson,
  want: EncodingJson,
  out: string[],
  ignore: Array<keyof EncodingJson> = [],
) {
  const n = out.length;
  for (const k of Object.keys(want) as Array<keyof EncodingJson>) {
    if (ignore.includes(k)) continue;
    diff(`${label} .${k}`, input, got[k], want[k], out);
    if (out.length > n) return; // first differing field is enough
  }
}
