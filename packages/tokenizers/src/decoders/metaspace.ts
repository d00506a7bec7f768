import type { PrependScheme } from '../pre_tokenizers/metaspace.js';
import type { Decoder } from './decoder.js';

/** Turns '▁' back into spaces, dropping those of the first token: ["▁Hey", "▁you"] -> "Hey you". */
export class MetaspaceDecoder implements Decoder {
  readonly type = 'Metaspace';

  constructor(
    readonly replacement = '\u2581',
    readonly prependScheme: PrependScheme = 'always',
    readonly split = true,
  ) {}

  decode(tokens: string[]): string {
    // As HF: every replacement char of the FIRST token is dropped (not only a leading one)
    // unless the scheme is 'never'; literal spaces are kept.
    let out = '';
    tokens.forEach((t, i) => {
      out += t.replaceAll(this.replacement, i === 0 && this.prependScheme !== 'never' ? '' : ' ');
    });
    return out;
  }

  toJSON() {
    return {
      type: this.type,
      replacement: this.replacement,
      prepend_scheme: this.prependScheme,
      split: this.split,
    };
  }
}
