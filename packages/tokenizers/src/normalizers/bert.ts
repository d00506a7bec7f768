import type { NormalizedString } from '../normalized_string.js';
import { CONTROL, classify, isChineseChar, SPACE } from '../unicode.js';
import { lowercase } from './lowercase.js';
import type { Normalizer } from './normalizer.js';
import { stripNonspacingMarks } from './strip_accents.js';
import { unicodeNormalize } from './unicode.js';

/** Options of BERT's normalizer; all default to HF's defaults. */
export interface BertNormalizerOptions {
  /** Remove NUL, U+FFFD and control chars; turn every whitespace char into ' '. Default true. */
  cleanText?: boolean;
  /** Put spaces around CJK ideographs so each becomes its own word. Default true. */
  handleChineseChars?: boolean;
  /** NFD + drop non-spacing marks. Default: same as `lowercase` (HF's `null`). */
  stripAccents?: boolean | null;
  /** Default true. */
  lowercase?: boolean;
}

function cleanChar(ch: string, cp: number): string {
  if (cp === 0 || cp === 0xfffd) return '';
  const f = classify(cp);
  if (f & CONTROL) return '';
  return f & SPACE ? ' ' : ch;
}

const spaceAroundChinese = (ch: string, cp: number) => (isChineseChar(cp) ? ` ${ch} ` : ch);

/** True if `s` may need cleaning or CJK handling (any non-ASCII, control or non-' ' whitespace). */
function needsCleaning(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return true;
  }
  return false;
}

/**
 * BERT's normalizer: 'Héllo\tWORLD 你好' -> 'hello world  你  好 ' (with all defaults).
 * Steps, in order: clean text, space out Chinese chars, strip accents, lowercase.
 */
export class BertNormalizer implements Normalizer {
  readonly type = 'BertNormalizer';
  readonly cleanText: boolean;
  readonly handleChineseChars: boolean;
  readonly stripAccents: boolean | null;
  readonly lowercase: boolean;

  constructor(options: BertNormalizerOptions = {}) {
    this.cleanText = options.cleanText ?? true;
    this.handleChineseChars = options.handleChineseChars ?? true;
    this.stripAccents = options.stripAccents ?? null;
    this.lowercase = options.lowercase ?? true;
  }

  normalize(ns: NormalizedString): NormalizedString {
    const special = needsCleaning(ns.normalized);
    if (special) {
      if (this.cleanText) ns = ns.mapChars(cleanChar);
      if (this.handleChineseChars) ns = ns.mapChars(spaceAroundChinese);
      if (this.stripAccents ?? this.lowercase)
        ns = stripNonspacingMarks(unicodeNormalize(ns, 'NFD'));
    }
    if (this.lowercase) ns = lowercase(ns);
    return ns;
  }

  toJSON() {
    return {
      type: this.type,
      clean_text: this.cleanText,
      handle_chinese_chars: this.handleChineseChars,
      strip_accents: this.stripAccents,
      lowercase: this.lowercase,
    };
  }
}
