#!/usr/bin/env node
// Writes src/hf_unicode_tables.ts: the code points where HF's Rust crates classify a char
// differently from this Node's Unicode tables, for the three classes BERT-style stages use
// (HF's crates unicode_categories and unicode-normalization-alignments carry older Unicode
// data than Node/ICU: chars added since are not punctuation, control or marks to them).
// Measured through HF's native binding, one char at a time (~45 s):
//   punct:   BertPreTokenizer isolates it in "a<c>a"
//   control: BertNormalizer(clean_text) removes it
//   mark:       NFD + StripAccents removes it (is_combining_mark, \p{M})
//   nonspacing: BertNormalizer's strip_accents removes it (\p{Mn})
//   normUnassigned: HF's NFD/NFKD/NFC/NFKC leave it alone where Node's (de)compose or reorder it
// Run: HF_TOKENIZERS=/tmp/hf-real/node_modules/tokenizers node scripts/make-unicode-tables.mjs
// (after `pnpm build` with src/hf_unicode_tables.ts's lists emptied, so ours is Node's view).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ours from '../dist/index.js';

/**
 * What this script uses of HF's native binding (it ships no types).
 * @typedef {{ preTokenizeString(s: string): unknown[] }} HfPreTokenizer
 * @typedef {{ normalizeString(s: string): string }} HfNormalizer
 * @typedef {{ getOffsets(): Array<[number, number]> }} HfEncoding
 * @typedef {{ encode(s: string): Promise<HfEncoding> }} HfTokenizer
 * @typedef {object} HfBinding
 * @property {() => HfPreTokenizer} bertPreTokenizer
 * @property {(o: object) => HfNormalizer} bertNormalizer
 * @property {(ns: HfNormalizer[]) => HfNormalizer} sequenceNormalizer
 * @property {() => HfNormalizer} nfdNormalizer
 * @property {() => HfNormalizer} nfkdNormalizer
 * @property {() => HfNormalizer} nfcNormalizer
 * @property {() => HfNormalizer} nfkcNormalizer
 * @property {() => HfNormalizer} stripAccentsNormalizer
 * @property {{ fromString(json: string): HfTokenizer }} Tokenizer
 */

const require = createRequire(import.meta.url);
/** @type {HfBinding} */
const hf = require(process.env.HF_TOKENIZERS ?? '/tmp/hf-real/node_modules/tokenizers');
const here = dirname(fileURLToPath(import.meta.url));

const hp = hf.bertPreTokenizer();
const hn = hf.bertNormalizer({ lowercase: false, handleChineseChars: false });
const hs = hf.sequenceNormalizer([hf.nfdNormalizer(), hf.stripAccentsNormalizer()]);
/** @param {string} s */
const ns = (s) => ours.NormalizedString.from(s);
const op = new ours.BertPreTokenizer();
const on = new ours.BertNormalizer({ lowercase: false, handleChineseChars: false });
const os = new ours.NormalizerSequence([ours.NFD(), new ours.StripAccents()]);
const bertStrip = {
  cleanText: false,
  handleChineseChars: false,
  stripAccents: true,
  lowercase: false,
};
const hb = hf.bertNormalizer(bertStrip);
const ob = new ours.BertNormalizer(bertStrip);

/** @typedef {'punct' | 'control' | 'mark' | 'nonspacing' | 'onigUnassigned' | 'normUnassigned'} TableClass */
// [HF says yes, HF says no]
/** @type {Record<TableClass, [number[], number[]]>} */
const lists = {
  punct: [[], []],
  control: [[], []],
  mark: [[], []],
  nonspacing: [[], []],
  onigUnassigned: [[], []],
  normUnassigned: [[], []],
};
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const c = String.fromCodePoint(cp);
  const s = `a${c}a`;
  const hfPunct = hp.preTokenizeString(s).length === 3;
  if (hfPunct !== (op.preTokenize([ns(s)]).length === 3)) lists.punct[hfPunct ? 0 : 1].push(cp);
  const hfControl = hn.normalizeString(c) === '';
  if (hfControl !== (on.normalize(ns(c)).normalized === ''))
    lists.control[hfControl ? 0 : 1].push(cp);
  const hfMark = hs.normalizeString(c) === '';
  if (hfMark !== (os.normalize(ns(c)).normalized === '')) lists.mark[hfMark ? 0 : 1].push(cp);
  const hfMn = hb.normalizeString(c) === '';
  if (hfMn !== (ob.normalize(ns(c)).normalized === '')) lists.nonspacing[hfMn ? 0 : 1].push(cp);
}

// Oniguruma (Split/Replace regexes): code points its Unicode data leaves unassigned (\p{Cn})
// that Node assigns. Found in chunks: Split on \p{Cn} with "Removed" drops exactly those.
const cnTok = hf.Tokenizer.fromString(
  JSON.stringify({
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: {
      type: 'Split',
      pattern: { Regex: '\\p{Cn}' },
      behavior: 'Removed',
      invert: false,
    },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
    truncation: null,
    padding: null,
  }),
);
/** @type {number[]} */
const onigCn = [];
for (let base = 0; base <= 0x10ffff; base += 4096) {
  const cps = [];
  for (let cp = base; cp < base + 4096 && cp <= 0x10ffff; cp++) {
    if (cp < 0xd800 || cp > 0xdfff) cps.push(cp);
  }
  const kept = new Uint8Array(cps.length);
  const e = await cnTok.encode(String.fromCodePoint(...cps));
  for (const [a, b] of e.getOffsets()) kept.fill(1, a, b);
  cps.forEach((cp, i) => {
    if (!kept[i] && !/\p{Cn}/u.test(String.fromCodePoint(cp))) onigCn.push(cp);
  });
}
lists.onigUnassigned = [onigCn, []];

// Unicode normalization (unicode-normalization-alignments): chars newer than its data are
// starters there (canonical combining class 0) that neither decompose nor compose. Compared
// with Node's own String.prototype.normalize, so this list does not depend on dist/. Only chars
// Node (de)composes or reorders can differ: each alone, before a ccc-1 mark and after a
// ccc-240 one (Node reorders one of the two for any nonzero class).
const forms = /** @type {const} */ (['NFD', 'NFKD', 'NFC', 'NFKC']);
const hfForms = [hf.nfdNormalizer(), hf.nfkdNormalizer(), hf.nfcNormalizer(), hf.nfkcNormalizer()];
/** @type {Set<number>} */
const normNew = new Set();
/** @param {string} c the probes for one char */
const probesOf = (c) => [c, `a${c}\u0334`, `a\u0345${c}`];
/** @param {string} c true if Node gives `c` class 0 (no probe reorders) */
const isStarter = (c) => probesOf(c).every((s) => s.normalize('NFD') === s);
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const c = String.fromCodePoint(cp);
  const probes = probesOf(c);
  if (c.normalize('NFKD') === c && probes.every((s) => s.normalize('NFC') === s)) continue;
  if (!forms.some((f, i) => probes.some((s) => hfForms[i]?.normalizeString(s) !== s.normalize(f))))
    continue;
  normNew.add(cp);
  // A composite HF lacks: Node composes its parts, HF does not. Its parts that are starters
  // in Node are as new as it is (older parts would make it a composition exclusion); a part
  // HF already reorders (U+0307 in Vithkuqi U+105C9) is left out.
  const d = c.normalize('NFD');
  if (d !== c && hfForms[2]?.normalizeString(d) !== d.normalize('NFC')) {
    for (const p of d) if (isStarter(p)) normNew.add(p.codePointAt(0) ?? 0);
  }
}
lists.normUnassigned = [[...normNew].sort((a, b) => a - b), []];

/**
 * Sorted code points -> flat [start, end] inclusive ranges.
 * @param {number[]} cps
 */
function ranges(cps) {
  /** @type {number[]} */
  const out = [];
  for (const cp of cps) {
    if (out.length && out[out.length - 1] === cp - 1) out[out.length - 1] = cp;
    else out.push(cp, cp);
  }
  return out;
}
/** @param {number[]} r */
const hex = (r) => `[${r.map((x) => `0x${x.toString(16)}`).join(', ')}]`;
const body = Object.entries(lists)
  .map(([k, [yes, no]]) => `  ${k}: { yes: ${hex(ranges(yes))}, no: ${hex(ranges(no))} },`)
  .join('\n');
writeFileSync(
  join(here, '..', 'src', 'hf_unicode_tables.ts'),
  `// Generated by scripts/make-unicode-tables.mjs from HF tokenizers 0.23.2 (native) on Node ${process.version}
// (Unicode ${process.versions.unicode}). Do not edit.

/**
 * Where HF's Unicode data differs from Node's, per class: inclusive [start, end] ranges of
 * code points HF counts in the class (\`yes\`) or not (\`no\`) although Node says otherwise.
 */
export const HF_OVERRIDES: Record<
  'punct' | 'control' | 'mark' | 'nonspacing' | 'onigUnassigned' | 'normUnassigned',
  { yes: number[]; no: number[] }
> = {
${body}
};
`,
);
console.log(
  Object.fromEntries(Object.entries(lists).map(([k, [y, n]]) => [k, [y.length, n.length]])),
);
