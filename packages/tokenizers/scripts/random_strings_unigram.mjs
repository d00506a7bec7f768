// Seeded random strings that cover every Unicode general category, for the Unigram parity
// fixtures: the generator script feeds them to HF's binding, the parity test regenerates the
// same strings and compares digests, so no string list is committed.

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

let table = null;

/** Code points of each category (one pass over U+0000..U+10FFFF, built once). */
function codePointsByCategory() {
  if (table) return table;
  const res = CATEGORIES.map((c) => new RegExp(`^\\p{gc=${c}}$`, 'u'));
  table = CATEGORIES.map(() => []);
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    // Cs cannot be tested as a string of one code point: take the surrogate range directly.
    if (cp >= 0xd800 && cp <= 0xdfff) {
      table[27].push(cp);
      continue;
    }
    const s = String.fromCodePoint(cp);
    for (let k = 0; k < res.length; k++) {
      if (k !== 27 && res[k].test(s)) {
        table[k].push(cp);
        break;
      }
    }
  }
  return table;
}

/** mulberry32: a small seeded PRNG in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['the', 'a', 'word', 'token', 'Hello', 'and', 'of', 'in', 'is', 'model', 'é', '123'];

/**
 * `n` strings from `seed`: each has 1-6 parts joined by ' ' or nothing; a part is an ASCII
 * word or 1-4 chars of one category. String i always holds a part of category i % 30.
 */
export function randomStrings(n = 3000, seed = 19) {
  const cps = codePointsByCategory();
  const rnd = mulberry32(seed);
  const pick = (k) => Math.floor(rnd() * k);
  const part = (cat) => {
    const list = cps[cat];
    let s = '';
    for (let k = 1 + pick(4); k > 0; k--) s += String.fromCodePoint(list[pick(list.length)]);
    return s;
  };
  const out = [];
  for (let i = 0; i < n; i++) {
    const parts = [part(i % CATEGORIES.length)];
    for (let k = pick(6); k > 0; k--) {
      parts.splice(
        pick(parts.length + 1),
        0,
        rnd() < 0.5 ? WORDS[pick(WORDS.length)] : part(pick(CATEGORIES.length)),
      );
    }
    let s = parts[0];
    for (let k = 1; k < parts.length; k++) s += (rnd() < 0.7 ? ' ' : '') + parts[k];
    out.push(s);
  }
  return out;
}
