export function rtDevPath(): string | null;
export function loadRealSentences(nImdb?: number): Promise<{ rt: string[]; imdb: string[] } | null>;
