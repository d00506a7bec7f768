import type { Decoder } from './decoder.js';

/**
 * Removes up to `start` leading and `stop` trailing `content` chars from every token
 * (HF `Strip`; llama-2 drops the space its normalizer prepended): Strip(' ', 1, 0): " Hi" -> "Hi".
 */
export class StripDecoder implements Decoder {
  readonly type = 'Strip';

  constructor(
    readonly content: string,
    readonly start: number,
    readonly stop: number,
  ) {
    if ([...content].length !== 1) throw new Error('Strip.content: expected exactly one character');
    for (const [k, v] of [
      ['start', start],
      ['stop', stop],
    ] as const) {
      if (!Number.isInteger(v) || v < 0)
        throw new Error(`Strip.${k}: expected an integer >= 0, got ${v}`);
    }
  }

  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => {
      const chars = [...t];
      let a = 0;
      while (a < this.start && a < chars.length && chars[a] === this.content) a++;
      let b = chars.length;
      while (chars.length - b < this.stop && b > a && chars[b - 1] === this.content) b--;
      return a === 0 && b === chars.length ? t : chars.slice(a, b).join('');
    });
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
  }

  toJSON() {
    return { type: this.type, content: this.content, start: this.start, stop: this.stop };
  }
}
