import type { Encoding } from '../encoding.js';
import type { EncodedIds, Tokenizer } from '../tokenizer.js';

/** What `encodeFirst` returns. */
export interface FirstTokens {
  /** The first `maxTokens` tokens (all of them when the text has fewer). */
  encoding: Encoding;
  /** True when the text has more than `maxTokens` tokens. */
  truncated: boolean;
}

/** What `encodeFirstIds` returns. */
export interface FirstIds {
  /** Ids of the first `maxTokens` tokens (all of them when the text has fewer). */
  ids: number[];
  /** True when the text has more than `maxTokens` tokens. */
  truncated: boolean;
}

/**
 * Encodes prefixes of growing length until the first `maxTokens + 1` tokens all end before
 * the prefix's last token starts (the last word may be cut); returns that encoding (or the
 * whole text's) and whether it has more than `maxTokens` tokens.
 */
function firstOf<E>(
  text: string,
  maxTokens: number,
  encode: (s: string) => E,
  count: (e: E) => number,
  start: (e: E, i: number) => number,
  end: (e: E, i: number) => number,
): { enc: E; truncated: boolean } {
  if (!Number.isInteger(maxTokens) || maxTokens < 0) {
    throw new RangeError(`encodeFirst: maxTokens must be a non-negative integer, got ${maxTokens}`);
  }
  let chars = Math.max(64, Math.min(maxTokens + 1, 1 << 24) * 16);
  for (;;) {
    const whole = chars >= text.length;
    const enc = encode(whole ? text : text.slice(0, chars));
    const n = count(enc);
    if (whole) return { enc, truncated: n > maxTokens };
    if (n > maxTokens + 1 && end(enc, maxTokens) <= start(enc, n - 1)) {
      return { enc, truncated: true };
    }
    chars *= 4;
  }
}

/**
 * The first `maxTokens` tokens of `text`, reading only as much of it as they need, for
 * pipelines that cut text locally (the word-level preset: regex words, n-grams; no special
 * tokens added around the sequence). Prefixes of growing length are encoded until the first
 * `maxTokens + 1` tokens all end before the prefix's last token starts (the last word may be
 * cut), so a model reading 512 tokens of a 1 MB paste encodes a few kB, with the same ids and
 * offsets as `tokenizer.encode(text)` truncated.
 */
export function encodeFirst(tokenizer: Tokenizer, text: string, maxTokens: number): FirstTokens {
  const { enc, truncated } = firstOf(
    text,
    maxTokens,
    (s) => tokenizer.encode(s),
    (e) => e.length,
    (e, i) => e.offsets[i]![0],
    (e, i) => e.offsets[i]![1],
  );
  return { encoding: enc.length > maxTokens ? enc.slice(0, maxTokens) : enc, truncated };
}

/**
 * `encodeFirst(tokenizer, text, maxTokens).encoding.ids` without building tokens, offsets
 * or masks (`Tokenizer.encodeIds`): what a classifier reading ids needs.
 */
export function encodeFirstIds(tokenizer: Tokenizer, text: string, maxTokens: number): FirstIds {
  const { enc, truncated } = firstOf<EncodedIds>(
    text,
    maxTokens,
    (s) => tokenizer.encodeIds(s),
    (e) => e.ids.length,
    (e, i) => e.starts[i]!,
    (e, i) => e.ends[i]!,
  );
  return { ids: enc.ids.length > maxTokens ? enc.ids.slice(0, maxTokens) : enc.ids, truncated };
}
