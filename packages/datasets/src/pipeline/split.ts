// Deterministic stratified train/validation split.
import type { AnyIterable, TextExample } from '../types.js';
import { shuffleArray } from './shuffle.js';

/** Options of `stratifiedSplit`. */
export interface SplitOptions {
  /** Share of each class that goes to validation, in (0, 1). */
  validationFraction: number;
  /** Same seed, same split. */
  seed: number;
  /** Split name written on the held-out examples (default 'validation'). */
  heldOutName?: string;
}

/** What `stratifiedSplit` resolves to. */
export interface SplitResult<T> {
  /** The examples kept for training. */
  train: T[];
  /** The held-out examples, their `split` set to the validation name. */
  validation: T[];
}

/**
 * Splits each class separately so both parts keep the class balance: per label, the
 * examples are sorted by `key` (when every example has one, so the result does not depend
 * on the order an archive was read in), shuffled with `seed`, and the first
 * round(n * validationFraction) go to validation. Returns copies with `split` set to
 * 'train' / 'validation'; the order within each part follows the label order then the
 * shuffle, so shuffle again before training.
 */
export async function stratifiedSplit<T extends TextExample>(
  source: AnyIterable<T>,
  { validationFraction, seed, heldOutName = 'validation' }: SplitOptions,
): Promise<SplitResult<T>> {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new RangeError(
      `stratifiedSplit: validationFraction must be between 0 and 1 (exclusive), got ${validationFraction}`,
    );
  }
  const byLabel = new Map<number, T[]>();
  let allKeyed = true;
  for await (const ex of source) {
    if (ex.key === undefined) allKeyed = false;
    let group = byLabel.get(ex.label);
    if (!group) byLabel.set(ex.label, (group = []));
    group.push(ex);
  }
  const train: T[] = [];
  const validation: T[] = [];
  const labels = [...byLabel.keys()].sort((a, b) => a - b);
  for (const label of labels) {
    let group = byLabel.get(label)!;
    if (allKeyed) group = group.slice().sort((a, b) => compareKeys(a.key!, b.key!));
    // One stream per label, derived from the seed, so adding a class does not move the others.
    const shuffled = shuffleArray(group, (seed ^ Math.imul(label + 1, 0x9e3779b1)) | 0);
    const nVal = Math.round(shuffled.length * validationFraction);
    shuffled.forEach((ex, i) => {
      (i < nVal ? validation : train).push({ ...ex, split: i < nVal ? heldOutName : 'train' });
    });
  }
  return { train, validation };
}

/** Code-unit order, independent of the runtime's locale (localeCompare is not). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
