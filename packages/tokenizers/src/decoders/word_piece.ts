import type { Decoder } from './decoder.js';

/** Undoes BERT's spacing around punctuation and contractions: "do n't !" -> "don't!". */
export function cleanupSpaces(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/** Joins WordPiece tokens: ["un", "##aff", "##able", "!"] -> "unaffable!". */
export class WordPieceDecoder implements Decoder {
  readonly type = 'WordPiece';

  constructor(
    readonly prefix = '##',
    readonly cleanup = true,
  ) {}

  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let piece = t;
      if (i !== 0) piece = t.startsWith(this.prefix) ? t.slice(this.prefix.length) : ` ${t}`;
      return this.cleanup ? cleanupSpaces(piece) : piece;
    });
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
  }

  toJSON() {
    return { type: this.type, prefix: this.prefix, cleanup: this.cleanup };
  }
}
