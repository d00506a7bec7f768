/** A seeded, stratified validation split carved out of a train split (the Node command's). */
import { shuffleArray } from '@tfnlp/datasets';
import { HOLDOUTS, type NewsRecipe } from '../pipeline/recipe.js';

/** An example holdOut can split: its class, and for 'latest'/'threads' its post number and text. */
export interface HoldOutExample {
  label: number;
  id?: number | string;
  text?: string;
}

/**
 * Holds out about `fraction` of each class as the validation split; the rest, in their original
 * order, stay the train split. `by`:
 * - 'random' (default): round(fraction * n) examples of each class, chosen by a seeded shuffle.
 * - 'latest': the round(fraction * n) highest-numbered examples of each class (`id`: 20
 *   Newsgroups post numbers grow with time, so this mimics the later bydate test split).
 * - 'threads': whole threads (posts sharing a subject, see `threadOf`), the latest-started of
 *   each class until fraction * n of its posts are held out; a held-out thread's posts in other
 *   classes leave the train split too. The bydate test split is mostly threads the train split
 *   never saw, which 'latest' does not mimic (its posts answer threads still in training).
 */
export function holdOut<T extends HoldOutExample>(
  examples: readonly T[],
  fraction: number,
  seed: number,
  { by = 'random' }: { by?: NewsRecipe['holdout'] } = {},
): { train: T[]; validation: T[] } {
  if (!HOLDOUTS.includes(by)) {
    throw new Error(`--holdout is random, latest or threads, got '${by}'`);
  }
  if (!(fraction > 0)) return { train: [...examples], validation: [] };
  if (by !== 'random' && examples.some((e) => typeof e.id !== 'number')) {
    throw new Error(`--holdout ${by} needs numbered examples (20news post ids); use random`);
  }
  const idOf = (i: number) => examples[i]!.id as number;
  const byClass = new Map<number, number[]>();
  examples.forEach((e, i) => {
    let idx = byClass.get(e.label);
    if (!idx) byClass.set(e.label, (idx = []));
    idx.push(i);
  });
  const classes = [...byClass].sort((a, b) => a[0] - b[0]);
  const held = new Set<number>();
  if (by === 'threads') {
    const thread = examples.map((e) => threadOf(e.text ?? ''));
    const heldThreads = new Set<string>();
    for (const [, idx] of classes) {
      const first = new Map<string, number>(); // thread -> its lowest post number in this class
      const size = new Map<string, number>();
      for (const i of idx) {
        const t = thread[i]!;
        first.set(t, Math.min(first.get(t) ?? Number.POSITIVE_INFINITY, idOf(i)));
        size.set(t, (size.get(t) ?? 0) + 1);
      }
      let taken = 0;
      for (const t of [...first.keys()].sort((a, b) => first.get(b)! - first.get(a)!)) {
        if (taken >= fraction * idx.length) break;
        heldThreads.add(t);
        taken += size.get(t)!;
      }
    }
    for (const [i, t] of thread.entries()) if (heldThreads.has(t)) held.add(i);
  } else {
    for (const [label, idx] of classes) {
      const take = Math.round(fraction * idx.length);
      const picked =
        by === 'latest'
          ? [...idx].sort((a, b) => idOf(b) - idOf(a)).slice(0, take)
          : shuffleArray(idx, seed + 1000 + label).slice(0, take);
      for (const i of picked) held.add(i);
    }
  }
  return {
    train: examples.filter((_, i) => !held.has(i)),
    validation: examples.filter((_, i) => held.has(i)),
  };
}

/** A post's thread: its Subject header, lowercased and spaced once, without leading Re:/Fwd:. */
export function threadOf(text: string): string {
  const subject = /^Subject:(.*)$/m.exec(text)?.[1] ?? '';
  return subject
    .trim()
    .toLowerCase()
    .replace(/^(\s*(re|fwd?)\s*(\[\d+\])?\s*:\s*)+/, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}
