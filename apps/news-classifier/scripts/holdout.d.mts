// Types of holdout.mjs (for the tests).
export function holdOut<T extends { label: number; id?: number; text?: string }>(
  examples: readonly T[],
  fraction: number,
  seed: number,
  options?: { by?: 'random' | 'latest' | 'threads' },
): { train: T[]; validation: T[] };
export function threadOf(text: string): string;
