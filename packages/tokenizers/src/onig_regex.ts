/**
 * Oniguruma (what HF's tokenizers compiles tokenizer.json regexes with) -> JavaScript RegExp.
 *
 * Real files use syntax Node's RegExp lacks or reads differently:
 *   (?i:'s|'t)      inline case-insensitivity  -> (?:'[sSſ]|'[tT])  (per-char case folding)
 *   \s \S           Oniguruma's White_Space (has U+0085, not U+FEFF) -> explicit classes
 *   \d \w \h        Unicode \d, \w; \h is a hex digit
 *   \p{Han} \pL     script names without "Script=", one-letter short form
 *   ^ $ .           Ruby syntax: line anchors, `.` stops only at '\n'
 *   X*+ (?>X)       possessive / atomic -> (?=(?<a0>X))\k<a0>
 *   \A \z \Z \x{..} anchors and braced hex escapes
 *   \p{L} [\p{N}]   chars Node assigns but Oniguruma's older tables leave unassigned (U+1E5D0...)
 *                   are excluded: (?:(?!NEW)\p{L}), and matched by negations: (?:[^\p{L}]|NEW)
 * Anything else without a JS equivalent is rejected with an error naming the construct.
 *
 * Regexes come from files, so a pattern that could backtrack exponentially is rejected: an
 * unbounded quantifier on a group that itself has a choice in it (a quantifier with a
 * variable count or an alternation), as in `(a+)+$`, `(a{1,3})+$` or `(a|aa)*$`.
 */

import { HF_OVERRIDES } from './hf_unicode_tables.js';
import { cpAtom, foldClass } from './onig_fold.js';
import { separatorGuarded } from './onig_redos.js';

/** Class of the code points Node assigns but Oniguruma (in HF) does not, or '' if none. */
const NEW_CLASS = (() => {
  const r = HF_OVERRIDES.onigUnassigned.yes;
  let s = '';
  for (let k = 0; k < r.length; k += 2) {
    s += `\\u{${r[k]!.toString(16)}}`;
    if (r[k + 1] !== r[k]) s += `-\\u{${r[k + 1]!.toString(16)}}`;
  }
  return s ? `[${s}]` : '';
})();

/** Off while translating the fast variant, used on text without any NEW_CLASS char. */
let useTables = true;

/** A property atom (outside a class) with Oniguruma's assignment of new code points. */
function withOnigTables(atom: string, positive: boolean): string {
  if (!NEW_CLASS || !useTables) return atom;
  return positive ? `(?:(?!${NEW_CLASS})${atom})` : `(?:${atom}|${NEW_CLASS})`;
}

/** Oniguruma's `\s` in Unicode mode (JS `\s` adds U+FEFF and misses U+0085). */
const SPACE_CLASS =
  '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** The complement of SPACE_CLASS as class contents (usable inside another class). */
const NON_SPACE_CLASS =
  '\\0-\\x08\\x0e-\\x1f!-\\x84\\x86-\\x9f\\xa1-\\u167f\\u1681-\\u1fff\\u200b-\\u2027\\u202a-\\u202e\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\u{10ffff}';
/** Oniguruma's Unicode `\w`: Letter | Mark | Decimal_Number | Connector_Punctuation. */
const WORD_CLASS = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const HEX_CLASS = '0-9a-fA-F';

/** POSIX-ish property names Oniguruma accepts that JS spells differently. */
const PROPERTY_ALIASES: Record<string, string> = {
  alpha: 'Alphabetic',
  digit: 'Nd',
  upper: 'Uppercase',
  lower: 'Lowercase',
  punct: 'P',
  alnum: '',
  space: '',
  word: '',
  any: 'Any',
  assigned: 'Assigned',
};

/** A JS `\p{...}` for an Oniguruma property name (`L`, `Han`, `^L` negated, `Alpha`...). */
function propertyEscape(name: string, negated: boolean): string {
  let neg = negated;
  let n = name;
  if (n.startsWith('^')) {
    neg = !neg;
    n = n.slice(1);
  }
  const tries = [n, `Script=${n}`];
  const alias = PROPERTY_ALIASES[n.toLowerCase().replace(/[\s_-]/g, '')];
  if (alias) tries.push(alias);
  for (const t of tries) {
    try {
      new RegExp(`\\p{${t}}`, 'u');
      return `${neg ? '\\P' : '\\p'}{${t}}`;
    } catch {}
  }
  throw new Error(`unsupported Unicode property \\p{${name}}`);
}

interface Frame {
  /** (?i) in effect. */
  ci: boolean;
  /** (?m) in Ruby syntax: `.` matches '\n' too. */
  dotAll: boolean;
  /** A variable-count quantifier or an alternation occurs inside this group. */
  unbounded: boolean;
  /** Output position where the group's text starts (for a quantifier on the group). */
  outStart: number;
  /** Close with `))\k<name>` (atomic group emulation). */
  atomic: string | null;
  /** The single-char atoms written directly in this group, in order (for `separatorGuarded`). */
  atoms: Array<{ src: string; optional: boolean }>;
  /** No nested group and no alternation directly inside (a plain sequence of atoms). */
  flat: boolean;
}

/**
 * Translates an Oniguruma pattern (Ruby syntax, as HF's `SysRegex`) to the source of an
 * equivalent JS regex for the `u` flag. Throws a one-line error on unsupported syntax or
 * on nested unbounded quantifiers.
 */
export function onigToJs(src: string): string {
  let out = '';
  const stack: Frame[] = [
    {
      ci: false,
      dotAll: false,
      unbounded: false,
      outStart: 0,
      atomic: null,
      atoms: [],
      flat: true,
    },
  ];
  let atomics = 0;
  let atomStart = -1; // output start of the last atom (for quantifiers)
  let lastAtomUnbounded = false; // the last atom was a group containing an unbounded quantifier
  let lastClosed: Frame | null = null; // the group closed by the last atom, if it was one
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  const n = src.length;

  const escapeOutside = (c: string): string => {
    switch (c) {
      case 's':
        return `[${SPACE_CLASS}]`;
      case 'S':
        return `[${NON_SPACE_CLASS}]`;
      case 'd':
        return withOnigTables('\\p{Nd}', true);
      case 'D':
        return withOnigTables('\\P{Nd}', false);
      case 'w':
        return withOnigTables(`[${WORD_CLASS}]`, true);
      case 'W':
        return withOnigTables(`[^${WORD_CLASS}]`, false);
      case 'h':
        return `[${HEX_CLASS}]`;
      case 'H':
        return `[^${HEX_CLASS}]`;
      case 'A':
        return '^';
      case 'z':
        return '$';
      case 'Z':
        return '(?=\\n?$)';
      case 'R':
        return '(?:\\r\\n|[\\n\\v\\f\\r\\x85\\u2028\\u2029])';
      default:
        return '';
    }
  };

  /** Reads an escape at src[i] === '\\'; returns the JS text and advances i. */
  let classHasProperty = false;
  const readEscape = (inClass: boolean): string => {
    const c = src[i + 1];
    if (c === undefined) throw new Error('pattern ends with a lone backslash');
    i += 2;
    if (c === 'p' || c === 'P') {
      let name: string;
      if (src[i] === '{') {
        const close = src.indexOf('}', i);
        if (close < 0) throw new Error('unterminated \\p{...}');
        name = src.slice(i + 1, close);
        i = close + 1;
      } else {
        name = src[i] ?? '';
        i++;
      }
      const p = propertyEscape(name, c === 'P');
      if (inClass) {
        classHasProperty = true;
        return p;
      }
      const cn = /\{(gc=)?(Cn|Unassigned)\}$/.test(p);
      return withOnigTables(p, p.startsWith('\\p') !== cn);
    }
    if (c === 'x' && src[i] === '{') {
      const close = src.indexOf('}', i);
      const hex = src.slice(i + 1, close);
      if (close < 0 || !/^[0-9a-fA-F]{1,6}$/.test(hex)) throw new Error('bad \\x{...} escape');
      i = close + 1;
      return `\\u{${hex}}`;
    }
    if (inClass) {
      if (c === 's') return SPACE_CLASS;
      if (c === 'S') return NON_SPACE_CLASS;
      if (c === 'd' || c === 'w') classHasProperty = true;
      if (c === 'd') return '\\p{Nd}';
      if (c === 'w') return WORD_CLASS;
      if (c === 'h') return HEX_CLASS;
      if ('DWH'.includes(c)) throw new Error(`\\${c} inside a character class is not supported`);
    } else {
      const e = escapeOutside(c);
      if (e) return e;
      if ('GKXyY'.includes(c)) throw new Error(`\\${c} is not supported`);
    }
    if (/[0-9a-zA-Z]/.test(c)) {
      // \t \n \r \f \v \0 \xHH \uHHHH \cX \b \B and backreferences: same in JS.
      if (c === 'x') {
        const hex = src.slice(i, i + 2);
        i += 2;
        return `\\x${hex}`;
      }
      if (c === 'u') {
        const hex = src.slice(i, i + 4);
        i += 4;
        return `\\u${hex}`;
      }
      return `\\${c}`;
    }
    // Escaped punctuation: JS `u` mode only accepts escapes of syntax characters.
    if ('^$\\.*+?()[]{}|/'.includes(c) || (inClass && c === '-')) return `\\${c}`;
    return cpAtom(c.codePointAt(0)!);
  };

  /** Literal char (code point) with case folding when (?i) is on. */
  const literal = (cp: number, inClass: boolean): string => {
    const ch = String.fromCodePoint(cp);
    const syntax = inClass ? '\\]^-[' : '^$\\.*+?()[]{}|/';
    const atom = syntax.includes(ch) ? `\\${ch}` : ch;
    if (!top().ci) return atom;
    const fold = foldClass(cp);
    if (fold.length === 1) return atom;
    const alts = fold.map((x) => (x === cp ? atom : cpAtom(x))).join('');
    return inClass ? alts : `[${alts}]`;
  };

  const readClass = (): string => {
    // src[i] === '['
    let s = '[';
    i++;
    classHasProperty = false;
    const negated = src[i] === '^';
    if (negated) {
      s += '^';
      i++;
    }
    let first = true;
    while (i < n && (src[i] !== ']' || first)) {
      first = false;
      const c = src[i]!;
      if (c === '[') {
        if (src.startsWith('[:', i))
          throw new Error('POSIX bracket classes [:name:] are not supported');
        throw new Error('nested character classes are not supported');
      }
      if (c === '&' && src[i + 1] === '&')
        throw new Error('class intersection && is not supported');
      if (c === '\\') {
        s += readEscape(true);
        continue;
      }
      const cp = src.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      // Ranges in (?i) mode: fold both ends when they are ASCII letters of one case.
      if (src[i + w] === '-' && src[i + w + 1] !== ']' && src[i + w + 1] !== undefined) {
        const hiCp = src.codePointAt(i + w + 1)!;
        if (src[i + w + 1] === '\\') {
          s += `${literal(cp, true)}-`;
          i += w + 1;
          continue;
        }
        const hiW = hiCp > 0xffff ? 2 : 1;
        s += `${cpAtom(cp)}-${cpAtom(hiCp)}`;
        if (top().ci) {
          const lo = String.fromCodePoint(cp);
          const hi = String.fromCodePoint(hiCp);
          if (/^[a-z]$/.test(lo) && /^[a-z]$/.test(hi))
            s += `${lo.toUpperCase()}-${hi.toUpperCase()}`;
          else if (/^[A-Z]$/.test(lo) && /^[A-Z]$/.test(hi))
            s += `${lo.toLowerCase()}-${hi.toLowerCase()}`;
        }
        i += w + 1 + hiW;
        continue;
      }
      s += literal(cp, true);
      i += w;
    }
    if (src[i] !== ']') throw new Error('unterminated character class');
    i++;
    return classHasProperty ? withOnigTables(`${s}]`, !negated) : `${s}]`;
  };

  /** Reads a quantifier at i, if any: [text, unbounded]. */
  const readQuantifier = (): [string, boolean, boolean] | null => {
    const c = src[i];
    if (c === '*' || c === '+' || c === '?') {
      i++;
      return [c, c !== '?', true];
    }
    if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(src.slice(i));
      if (!m || (m[1] === '' && m[3] === undefined)) return null; // a literal '{'
      i += m[0].length;
      const lo = m[1] === '' ? '0' : m[1];
      const variable = m[2] !== undefined && m[3] !== lo;
      return [
        `{${lo}${m[2] === undefined ? '' : `,${m[3]}`}}`,
        m[2] !== undefined && m[3] === '',
        variable,
      ];
    }
    return null;
  };

  while (i < n) {
    const c = src[i]!;
    const before = out.length;
    let isAtom = true;
    let groupUnbounded = false;
    if (c === '\\') out += readEscape(false);
    else if (c === '[') out += readClass();
    else if (c === '.') {
      out += top().dotAll ? '[^]' : '[^\\n]';
      i++;
    } else if (c === '^') {
      out += '(?<![^\\n])';
      i++;
      isAtom = false;
    } else if (c === '$') {
      out += '(?![^\\n])';
      i++;
      isAtom = false;
    } else if (c === '|') {
      out += '|';
      i++;
      isAtom = false;
      top().unbounded = true;
      top().flat = false;
    } else if (c === '(') {
      const f = top();
      const frame: Frame = {
        ci: f.ci,
        dotAll: f.dotAll,
        unbounded: false,
        outStart: out.length,
        atomic: null,
        atoms: [],
        flat: true,
      };
      f.flat = false;
      const rest = src.slice(i);
      const flags = /^\(\?([imx]*)(?:-([imx]*))?(:|\))/.exec(rest);
      if (rest.startsWith('(?#')) {
        const close = src.indexOf(')', i);
        if (close < 0) throw new Error('unterminated (?#...) comment');
        i = close + 1;
        continue;
      }
      if (flags && (flags[1] || flags[2] !== undefined)) {
        if ((flags[1] + (flags[2] ?? '')).includes('x'))
          throw new Error('the extended-mode flag (?x) is not supported');
        const on = flags[1]!;
        const off = flags[2] ?? '';
        const target = flags[3] === ')' ? f : frame;
        if (on.includes('i')) target.ci = true;
        if (off.includes('i')) target.ci = false;
        if (on.includes('m')) target.dotAll = true;
        if (off.includes('m')) target.dotAll = false;
        i += flags[0].length;
        if (flags[3] === ')') continue;
        out += '(?:';
      } else if (rest.startsWith('(?>')) {
        frame.atomic = `a${atomics++}`;
        out += `(?:(?=(?<${frame.atomic}>`;
        i += 3;
      } else if (/^\(\?(?:[:=!]|<[=!])/.test(rest)) {
        const m = /^\(\?(?:[:=!]|<[=!])/.exec(rest)![0];
        out += m;
        i += m.length;
      } else if (/^\(\?<[A-Za-z_]\w*>/.test(rest) || /^\(\?'[A-Za-z_]\w*'/.test(rest)) {
        const m = /^\(\?[<'](\w+)[>']/.exec(rest)!;
        out += `(?<${m[1]}>`;
        i += m[0].length;
      } else if (rest.startsWith('(?')) {
        throw new Error(`unsupported group syntax ${JSON.stringify(rest.slice(0, 4))}`);
      } else {
        out += '(';
        i++;
      }
      stack.push(frame);
      atomStart = -1;
      continue;
    } else if (c === ')') {
      if (stack.length === 1) throw new Error('unbalanced ")"');
      const f = stack.pop()!;
      out += f.atomic ? `))\\k<${f.atomic}>)` : ')';
      i++;
      atomStart = f.outStart;
      groupUnbounded = f.unbounded;
      lastClosed = f;
      if (f.unbounded) top().unbounded = true;
    } else {
      const cp = src.codePointAt(i)!;
      if ('*+?'.includes(c)) throw new Error(`quantifier ${c} has nothing to repeat`);
      out += literal(cp, false);
      i += cp > 0xffff ? 2 : 1;
    }
    if (c !== ')') {
      atomStart = isAtom ? before : -1;
      groupUnbounded = false;
      lastClosed = null;
      if (isAtom) top().atoms.push({ src: out.slice(before), optional: false });
    }
    lastAtomUnbounded = groupUnbounded;
    const q = readQuantifier();
    if (!q) continue;
    if (atomStart < 0) throw new Error(`quantifier ${q[0]} has nothing to repeat`);
    const [qText, unbounded, variable] = q;
    if (c !== ')' && isAtom && /^(?:[*?]|\{0[,}])/.test(qText)) top().atoms.at(-1)!.optional = true;
    if (unbounded && lastAtomUnbounded && !(lastClosed && separatorGuarded(lastClosed))) {
      throw new Error(
        'nested unbounded quantifiers (as in "(a+)+" or "(a|aa)*") can take exponential time; rewrite the pattern without them',
      );
    }
    if (variable) top().unbounded = true;
    const mod = src[i];
    if (mod === '?') {
      out += `${qText}?`;
      i++;
    } else if (mod === '+') {
      // Possessive: match greedily once, never give back.
      const name = `a${atomics++}`;
      const atom = out.slice(atomStart);
      out = `${out.slice(0, atomStart)}(?:(?=(?<${name}>${atom}${qText}))\\k<${name}>)`;
      i++;
    } else out += qText;
    if (readQuantifier()) throw new Error('a quantifier follows another quantifier');
  }
  if (stack.length !== 1) throw new Error('unbalanced "(": a group is not closed');
  return out;
}

/** Exact regex -> the same without the NEW_CLASS guards (faster; equal on text without them). */
const FAST = new WeakMap<RegExp, RegExp>();
const HAS_NEW = NEW_CLASS ? new RegExp(NEW_CLASS, 'u') : null;

/** Compiles an Oniguruma pattern from a file into a global Unicode JS RegExp. */
export function compileOnig(src: string): RegExp {
  const js = onigToJs(src);
  let re: RegExp;
  try {
    re = new RegExp(js, 'gu');
  } catch (e) {
    throw new Error(`cannot translate the regex to JavaScript: ${(e as Error).message}`);
  }
  useTables = false;
  try {
    const plain = onigToJs(src);
    if (plain !== js) FAST.set(re, new RegExp(plain, 'gu'));
  } finally {
    useTables = true;
  }
  return re;
}

/**
 * The regex to run on `s`: the unguarded variant of a compiled Oniguruma pattern when `s`
 * has no code point whose Unicode data differs (nearly all text), else `re` itself.
 */
export function regexFor(re: RegExp, s: string): RegExp {
  const fast = FAST.get(re);
  return fast !== undefined && !HAS_NEW!.test(s) ? fast : re;
}
