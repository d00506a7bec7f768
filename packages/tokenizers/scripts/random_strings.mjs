// Seeded random strings covering every Unicode general category (the parity suite's third
// test set). Deterministic: the same seed gives the same strings on any machine with the
// same Unicode tables; the fixture records the Node/ICU version it was made with.

const CATEGORIES = [
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

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let pools = null;

/** Code points per general category (planes 0-2, 14 and the start of 15). */
function categoryPools() {
  if (pools) return pools;
  const tests = CATEGORIES.filter((c) => c !== 'Cs' && c !== 'Cn').map((c) => [
    c,
    new RegExp(`^\\p{gc=${c}}$`, 'u'),
  ]);
  pools = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
  const ranges = [
    [0, 0x2ffff],
    [0xe0000, 0xe01ff],
    [0xf0000, 0xf03ff],
  ];
  for (const [a, b] of ranges) {
    for (let cp = a; cp <= b; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) {
        pools.Cs.push(cp);
        continue;
      }
      const s = String.fromCodePoint(cp);
      const hit = tests.find(([, re]) => re.test(s));
      pools[hit ? hit[0] : 'Cn'].push(cp);
    }
  }
  return pools;
}

const COMMON = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     .,;!?\'"-()\n\t';

/**
 * `n` strings of 1-40 code points: about half from common ASCII (so words and spaces occur),
 * the rest from a uniformly chosen general category, every category appearing.
 */
export function randomStrings(n, seed = 20261206) {
  const p = categoryPools();
  const r = rng(seed);
  const out = [];
  for (let k = 0; k < n; k++) {
    const len = 1 + Math.floor(r() * 40);
    let s = '';
    for (let i = 0; i < len; i++) {
      if (r() < 0.5) s += COMMON[Math.floor(r() * COMMON.length)];
      else {
        // String k always includes category k % 30 first, so each one is covered.
        const cat =
          i === 0
            ? CATEGORIES[k % CATEGORIES.length]
            : CATEGORIES[Math.floor(r() * CATEGORIES.length)];
        const pool = p[cat];
        s += String.fromCodePoint(pool[Math.floor(r() * pool.length)]);
      }
    }
    out.push(s);
  }
  return out;
}

export { CATEGORIES };
