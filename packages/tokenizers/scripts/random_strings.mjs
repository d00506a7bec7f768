// Seeded random strings that cover every Unicode general category, for the parity fixtures
// (real tokenizer.json files and Unigram): the generator scripts feed them to HF's native
// binding, the parity tests regenerate the same strings and compare digests, so no string
// list is committed. Draws come from @tfnlp/core's Rng, the project's one generator.
// Deterministic: the same seed gives the same strings on any machine with the same Unicode
// tables (the fixtures record the Node/ICU version they were made with).
import { Rng } from '@tfnlp/core';

/** The 30 general categories (Cs = lone surrogates, Cn = unassigned). */
export const CATEGORIES = [
  'Lu',
  'Ll',
  'Lt',
  'Lm',
  'Lo',
  'Mn',
  'Mc',
  'Me',
  'Nd',
  'Nl',
  'No',
  'Pc',
  'Pd',
  'Ps',
  'Pe',
  'Pi',
  'Pf',
  'Po',
  'Sm',
  'Sc',
  'Sk',
  'So',
  'Zs',
  'Zl',
  'Zp',
  'Cc',
  'Cf',
  'Cs',
  'Co',
  'Cn',
];

const CS = CATEGORIES.indexOf('Cs');
const CN = CATEGORIES.indexOf('Cn');

/** @type {number[][] | null} */
let table = null;

/** Code points of each category (one pass over U+0000..U+10FFFF, built once). */
function codePointsByCategory() {
  if (table) return table;
  // One regex with a group per category (Cs and Cn aside): the group that matched names it.
  const named = CATEGORIES.filter((_, k) => k !== CS && k !== CN);
  const re = new RegExp(`^(?:${named.map((c) => `(\\p{gc=${c}})`).join('|')})$`, 'u');
  /** @type {number[][]} */
  const t = CATEGORIES.map(() => []);
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    // A lone surrogate is not one code point of a well-formed string: take the range directly.
    if (cp >= 0xd800 && cp <= 0xdfff) {
      t[CS]?.push(cp);
      continue;
    }
    const m = re.exec(String.fromCodePoint(cp));
    const g = m ? m.findIndex((x, i) => i > 0 && x !== undefined) : -1;
    t[g > 0 ? CATEGORIES.indexOf(/** @type {string} */ (named[g - 1])) : CN]?.push(cp);
  }
  table = t;
  return t;
}

/** ASCII words, so vocabulary hits, word boundaries and spaces occur between the rare parts. */
const WORDS = ['the', 'a', 'word', 'token', 'Hello', 'and', 'of', 'in', 'is', 'model', 'é', '123'];

/**
 * `n` strings from `seed`: each has 1-6 parts joined by ' ' (70 %) or nothing; a part is an
 * ASCII word or 1-4 code points of one category. String i always holds a part of category
 * i % 30, so every category occurs in every 30 consecutive strings.
 */
export function randomStrings(n = 3000, seed = 20261206) {
  const cps = codePointsByCategory();
  const rng = new Rng(seed);
  /** @param {number} cat */
  const part = (cat) => {
    const list = cps[cat] ?? [];
    let s = '';
    for (let k = 1 + rng.int(4); k > 0; k--) {
      s += String.fromCodePoint(/** @type {number} */ (list[rng.int(list.length)]));
    }
    return s;
  };
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < n; i++) {
    const parts = [part(i % CATEGORIES.length)];
    for (let k = rng.int(6); k > 0; k--) {
      parts.splice(
        rng.int(parts.length + 1),
        0,
        rng.random() < 0.5
          ? /** @type {string} */ (WORDS[rng.int(WORDS.length)])
          : part(rng.int(CATEGORIES.length)),
      );
    }
    let s = parts[0] ?? '';
    for (let k = 1; k < parts.length; k++) s += (rng.random() < 0.7 ? ' ' : '') + parts[k];
    out.push(s);
  }
  return out;
}
