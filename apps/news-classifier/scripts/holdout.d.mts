// Types of holdout.mjs (for the tests).
export function holdOut<T extends { label: number; id?: number }>(
  examples: readonly T[],
  fraction: number,
  seed: number,
  options?: { latest?: boolean },
): { train: T[]; validation: T[] };
