// A seeded, stratified validation split carved out of a train split.
import { shuffleArray } from '@tfnlp/datasets';

/**
 * Holds out round(fraction * n) examples of each class (chosen by a seeded shuffle) as the
 * validation split; the rest, in their original order, stay the train split. `latest`: hold out
 * the highest-numbered examples of each class instead (`id`: 20 Newsgroups post numbers grow
 * with time, so this mimics the bydate test split, which is later than the train split).
 */
export function holdOut(examples, fraction, seed, { latest = false } = {}) {
  if (!(fraction > 0)) return { train: examples, validation: [] };
  const byClass = new Map();
  examples.forEach((e, i) => {
    if (!byClass.has(e.label)) byClass.set(e.label, []);
    byClass.get(e.label).push(i);
  });
  const held = new Set();
  for (const [label, idx] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const take = Math.round(fraction * idx.length);
    if (latest && idx.some((i) => typeof examples[i].id !== 'number')) {
      throw new Error('--holdout latest needs numbered examples (20news post ids); use random');
    }
    const picked = latest
      ? [...idx].sort((a, b) => examples[b].id - examples[a].id).slice(0, take)
      : shuffleArray(idx, seed + 1000 + label).slice(0, take);
    for (const i of picked) held.add(i);
  }
  return {
    train: examples.filter((_, i) => !held.has(i)),
    validation: examples.filter((_, i) => held.has(i)),
  };
}
