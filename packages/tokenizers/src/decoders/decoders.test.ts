import { describe, expect, it } from 'vitest';
import { ByteLevelDecoder } from './byte_level.js';
import { MetaspaceDecoder } from './metaspace.js';
import { WordPieceDecoder } from './word_piece.js';

describe('decoders', () => {
  it.each([
    [
      'WordPiece',
      new WordPieceDecoder(),
      ['un', '##aff', '##able', 'do', "n't", '!'],
      "unaffable don't!",
    ],
    ['WordPiece without cleanup', new WordPieceDecoder('##', false), ['a', ',', '##b'], 'a ,b'],
    ['ByteLevel', new ByteLevelDecoder(), ['ĠHello', 'Ġw', 'orld', 'ĠðŁĺ', 'Ģ'], ' Hello world 😀'],
    ['ByteLevel, broken UTF-8', new ByteLevelDecoder(), ['ðŁĺ'], '\ufffd'],
    [
      'ByteLevel, added token kept',
      new ByteLevelDecoder(),
      ['Ġhi', '<|endoftext|>'],
      ' hi<|endoftext|>',
    ],
    ['Metaspace', new MetaspaceDecoder(), ['▁Hey', '▁you', '!'], 'Hey you!'],
    ['Metaspace never', new MetaspaceDecoder('▁', 'never'), ['▁Hey'], ' Hey'],
    ['Metaspace first token (HF)', new MetaspaceDecoder(), ['▁▁a▁b', ' c'], 'ab c'],
  ] as const)('%s', (_name, d, tokens, text) => {
    expect(d.decode([...tokens])).toBe(text);
  });
});
