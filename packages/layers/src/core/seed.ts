/** Default seed when a constructor is given none (the generator itself is `Rng` of `@tfnlp/core`). */
export const DEFAULT_SEED = 42;
