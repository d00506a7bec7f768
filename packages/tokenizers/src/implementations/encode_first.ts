import type { Encoding } from '../encoding.js';
import type { Tokenizer } from '../tokenizer.js';

/** What `encodeFirst` returns. */
export interface FirstTokens {
  /** The first `maxTokens` tokens (all of them when the text has fewer). */
  encoding: Encoding;
  /** True when the text has more than `maxTokens` tokens. */
  truncated: boolean;
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
  if (!Number.isInteger(maxTokens) || maxTokens < 0) {
    throw new RangeError(`encodeFirst: maxTokens must be a non-negative integer, got ${maxTokens}`);
  }
  let chars = Math.max(64, Math.min(maxTokens + 1, 1 << 24) * 16);
  for (;;) {
    const whole = chars >= text.length;
    const enc = tokenizer.encode(whole ? text : text.slice(0, chars));
    if (whole) {
      const truncated = enc.length > maxTokens;
      return { encoding: truncated ? enc.slice(0, maxTokens) : enc, truncated };
    }
    if (enc.length > maxTokens + 1) {
      const lastStart = enc.offsets[enc.length - 1]![0];
      if (enc.offsets[maxTokens]![1] <= lastStart) {
        return { encoding: enc.slice(0, maxTokens), truncated: true };
      }
    }
    chars *= 4;
  }
}
