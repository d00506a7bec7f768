import { compilePattern, type Pattern, patternToJson } from '../normalizers/replace.js';
import type { Decoder } from './decoder.js';

/** Replaces a pattern in every token (HF decoder `Replace`): Replace('▁', ' '): "▁Hi" -> " Hi". */
export class ReplaceDecoder implements Decoder {
  readonly type = 'Replace';
  private readonly re: RegExp;

  constructor(
    readonly pattern: Pattern,
    readonly content: string,
    /** Where the pattern came from, for errors (a tokenizer.json path). */
    field = 'Replace.pattern',
  ) {
    this.re = compilePattern(pattern, field);
  }

  decodeChain(tokens: string[]): string[] {
    // A function replacement keeps `content` literal ('$&' etc. are not expanded).
    return tokens.map((t) => t.replace(this.re, () => this.content));
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
  }

  toJSON() {
    return { type: this.type, pattern: patternToJson(this.pattern), content: this.content };
  }
}
