import { NormalizedString } from '../normalized_string.js';
import type { Tokenizer } from '../tokenizer.js';
import { toWellFormed } from '../unicode.js';

/** The words a tokenizer's normalizer + pre-tokenizer make of `text` (what trainers count). */
export function wordsOf(tok: Tokenizer, text: string): string[] {
  let ns = NormalizedString.from(text);
  if (tok.normalizer) ns = tok.normalizer.normalize(ns);
  const words = tok.preTokenizer ? tok.preTokenizer.preTokenize([ns]) : [ns];
  const out: string[] = [];
  for (const w of words) if (w.length > 0) out.push(w.normalized);
  return out;
}

function add(counts: Map<string, number>, tok: Tokenizer, text: unknown): void {
  if (typeof text !== 'string') {
    throw new TypeError(
      `training data must yield strings, got ${text === null ? 'null' : typeof text}`,
    );
  }
  for (const w of wordsOf(tok, toWellFormed(text))) {
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}

/**
 * Counts words over texts; memory grows with distinct words, not with the corpus.
 *   countWords(tok, ['a b a']) // Map { 'a' => 2, 'b' => 1 }
 */
export function countWords(tok: Tokenizer, texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) add(counts, tok, t);
  return counts;
}

/** countWords for async iterables (streams, dataset readers). */
export async function countWordsAsync(
  tok: Tokenizer,
  texts: AsyncIterable<string> | Iterable<string>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const t of texts) add(counts, tok, t);
  return counts;
}
