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

  decodeChain(tokens: string[]): string[] {
    // As HF: in the first token every replacement char is dropped (unless 'never').
    return tokens.map((t, i) =>
      t.replaceAll(this.replacement, i === 0 && this.prependScheme !== 'never' ? '' : ' '),
    );
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
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
