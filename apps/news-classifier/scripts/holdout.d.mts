// Types of holdout.mjs (for the tests).
export function holdOut<T extends { label: number }>(
  examples: readonly T[],
  fraction: number,
  seed: number,
): { train: T[]; validation: T[] };
