// A seeded, stratified validation split carved out of a train split.
import { shuffleArray } from '@tfnlp/datasets';

/**
 * Holds out round(fraction * n) examples of each class (chosen by a seeded shuffle) as the
 * validation split; the rest, in their original order, stay the train split.
 */
export function holdOut(examples, fraction, seed) {
  if (!(fraction > 0)) return { train: examples, validation: [] };
  const byClass = new Map();
  examples.forEach((e, i) => {
    if (!byClass.has(e.label)) byClass.set(e.label, []);
    byClass.get(e.label).push(i);
  });
  const held = new Set();
  for (const [label, idx] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const picked = shuffleArray(idx, seed + 1000 + label).slice(
      0,
      Math.round(fraction * idx.length),
    );
    for (const i of picked) held.add(i);
  }
  return {
    train: examples.filter((_, i) => !held.has(i)),
    validation: examples.filter((_, i) => held.has(i)),
  };
}
