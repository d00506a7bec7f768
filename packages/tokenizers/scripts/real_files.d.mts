export function bertBaseUncasedJson(): Record<string, unknown>;
export const REAL_FILES: Record<
  string,
  { package: string; path?: string; text: () => string; json?: () => Record<string, unknown> }
>;
export function shortReviewsPath(): string;
export function imdbSentences(reviews: string[], n: number): string[];
export function flagsTokenizerJson(): Record<string, unknown>;
