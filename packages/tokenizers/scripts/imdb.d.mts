export function imdbPath(): string | null;
export function readImdb(
  path: string,
  options?: { split?: 'train' | 'test'; perLabel?: number },
): AsyncGenerator<{ name: string; label: 'pos' | 'neg'; text: string }>;
export function loadImdbTexts(path: string, split: 'train' | 'test', n: number): Promise<string[]>;
