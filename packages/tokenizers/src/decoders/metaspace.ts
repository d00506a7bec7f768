import type { PrependScheme } from '../pre_tokenizers/metaspace.js';
import type { Decoder } from './decoder.js';

/** Turns '▁' back into spaces, dropping the one prepended at the start: ["▁Hey", "▁you"] -> "Hey you". */
export class MetaspaceDecoder implements Decoder {
  readonly type = 'Metaspace';

  constructor(
    readonly replacement = '\u2581',
    readonly prependScheme: PrependScheme = 'always',
    readonly split = true,
  ) {}

  decode(tokens: string[]): string {
    let out = '';
    tokens.forEach((t, i) => {
      let piece = t.replaceAll(this.replacement, ' ');
      if (i === 0 && this.prependScheme !== 'never' && piece.startsWith(' '))
        piece = piece.slice(1);
      out += piece;
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
