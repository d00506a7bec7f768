export function rtDevPath(): string | null;
export function loadRealSentences(nImdb?: number): Promise<{ rt: string[]; imdb: string[] } | null>;
export function unigramSummary(vocab: Array<[string, number]>): {
  size: number;
  piecesDigest: string;
  scores: Array<number | null>;
};
