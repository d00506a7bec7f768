// A plain word tokenizer for baselines and examples: lowercases, turns the IMDB `<br />`
// markup into spaces, and keeps runs of letters/digits (Unicode-aware) and apostrophes.
const BR = /<br\s*\/?>/gi;
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** "It's <br />GREAT!" -> ["it's", "great"] */
export function wordTokenize(text: string): string[] {
  return text.replace(BR, ' ').toLowerCase().match(WORD) ?? [];
}
