/**
 * The app's tokenizer seam: text -> words with their offsets -> ids from a vocabulary built on
 * the train split. Words are runs of letters/digits (any script, so Greek, Cyrillic or CJK
 * text gets tokens too, mostly `<unk>`), optionally with an apostrophe part ("don't"), or a
 * single other non-space character. Lowercased. Offsets are UTF-16 indices into the original
 * text, so the page can show each token's own characters. Replace this module when
 * `@tfnlp/tokenizers` lands (same `NewsTokenizer` shape).
 */
import { Vocabulary } from '@tfnlp/datasets';

export const TOKENIZER_FILE = 'tokenizer.json';
export const PAD_ID = 0;
export const UNK_ID = 1;

export interface Token {
  /** Lowercased form, as looked up in the vocabulary. */
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)?|[^\s\p{L}\p{N}\p{M}]/gu;

/** The tokens of `text` with offsets, at most `limit` of them (the rest is not scanned). */
export function tokenizeWithOffsets(text: string, limit = Number.POSITIVE_INFINITY): Token[] {
  const out: Token[] = [];
  if (limit <= 0) return out;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    out.push({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    if (out.length >= limit) break;
  }
  return out;
}

/** Tokens of `text` without offsets (for building the vocabulary). */
export function tokenize(text: string, limit?: number): string[] {
  return tokenizeWithOffsets(text, limit).map((t) => t.text);
}

export interface Encoded {
  ids: Int32Array;
  tokens: Token[];
}

export class NewsTokenizer {
  readonly vocabulary: Vocabulary;
  private readonly index: Map<string, number>;

  constructor(readonly tokens: readonly string[]) {
    if (tokens.length < 2 || tokens[PAD_ID] !== '<pad>' || tokens[UNK_ID] !== '<unk>') {
      throw new Error('a news tokenizer vocabulary starts with <pad>, <unk>');
    }
    this.vocabulary = new Vocabulary(tokens, '<unk>', (t) => tokenize(t));
    this.index = new Map(tokens.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.tokens.length;
  }

  /** At most `maxLength` tokens; an empty text gives no tokens (callers add one `<unk>`). */
  encode(text: string, maxLength = Number.POSITIVE_INFINITY): Encoded {
    const tokens = tokenizeWithOffsets(text, maxLength);
    const ids = new Int32Array(tokens.length);
    tokens.forEach((t, i) => {
      ids[i] = this.index.get(t.text) ?? UNK_ID;
    });
    return { ids, tokens };
  }

  /** `{ type: 'news-words', tokens }` with the tokens joined by newlines (fast to parse). */
  toJSON(): string {
    return JSON.stringify({ type: 'news-words', tokens: this.tokens.join('\n') });
  }

  static fromJSON(json: string): NewsTokenizer {
    const parsed = JSON.parse(json) as { type?: unknown; tokens?: unknown };
    if (parsed?.type !== 'news-words' || typeof parsed.tokens !== 'string') {
      throw new Error("not a news tokenizer file (expected { type: 'news-words', tokens })");
    }
    return new NewsTokenizer(parsed.tokens.split('\n'));
  }
}
