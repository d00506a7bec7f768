// A seeded, stratified validation split carved out of a train split.
import { shuffleArray } from '@tfnlp/datasets';

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
export function holdOut(examples, fraction, seed, { by = 'random' } = {}) {
  if (!['random', 'latest', 'threads'].includes(by)) {
    throw new Error(`--holdout is random, latest or threads, got '${by}'`);
  }
  if (!(fraction > 0)) return { train: examples, validation: [] };
  if (by !== 'random' && examples.some((e) => typeof e.id !== 'number')) {
    throw new Error(`--holdout ${by} needs numbered examples (20news post ids); use random`);
  }
  const byClass = new Map();
  examples.forEach((e, i) => {
    if (!byClass.has(e.label)) byClass.set(e.label, []);
    byClass.get(e.label).push(i);
  });
  const classes = [...byClass].sort((a, b) => a[0] - b[0]);
  const held = new Set();
  if (by === 'threads') {
    const thread = examples.map((e) => threadOf(e.text));
    const heldThreads = new Set();
    for (const [, idx] of classes) {
      const first = new Map(); // thread -> its lowest post number in this class
      const size = new Map();
      for (const i of idx) {
        const t = thread[i];
        first.set(t, Math.min(first.get(t) ?? Infinity, examples[i].id));
        size.set(t, (size.get(t) ?? 0) + 1);
      }
      let taken = 0;
      for (const t of [...first.keys()].sort((a, b) => first.get(b) - first.get(a))) {
        if (taken >= fraction * idx.length) break;
        heldThreads.add(t);
        taken += size.get(t);
      }
    }
    for (const [i, t] of thread.entries()) if (heldThreads.has(t)) held.add(i);
  } else {
    for (const [label, idx] of classes) {
      const take = Math.round(fraction * idx.length);
      const picked =
        by === 'latest'
          ? [...idx].sort((a, b) => examples[b].id - examples[a].id).slice(0, take)
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
export function threadOf(text) {
  const subject = /^Subject:(.*)$/m.exec(text)?.[1] ?? '';
  return subject
    .trim()
    .toLowerCase()
    .replace(/^(\s*(re|fwd?)\s*(\[\d+\])?\s*:\s*)+/, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}
