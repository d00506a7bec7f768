// The training script's validation split: stratified, seeded, disjoint from what is trained on.
import { describe, expect, it } from 'vitest';
import { holdOut, threadOf } from '../src/node/holdout.js';

const examples = Array.from({ length: 230 }, (_, i) => ({
  id: i,
  label: i < 200 ? 0 : 1 + (i % 3),
}));

describe('holdOut', () => {
  it('holds out round(fraction * n) of each class, disjoint from the rest, in order', () => {
    const { train, validation } = holdOut(examples, 0.1, 0);
    const count = (xs: typeof examples, label: number) =>
      xs.filter((e) => e.label === label).length;
    expect(count(validation, 0)).toBe(20);
    for (const label of [1, 2, 3]) expect(count(validation, label)).toBe(1); // 10 each
    expect(train.length + validation.length).toBe(examples.length);
    const ids = new Set(validation.map((e) => e.id));
    expect(train.some((e) => ids.has(e.id))).toBe(false);
    expect(train.map((e) => e.id)).toEqual([...train.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('is seeded: same seed, same split; another seed, another split; 0 holds nothing out', () => {
    const ids = (seed: number) => holdOut(examples, 0.1, seed).validation.map((e) => e.id);
    expect(ids(0)).toEqual(ids(0));
    expect(ids(1)).not.toEqual(ids(0));
    expect(holdOut(examples, 0, 0)).toEqual({ train: examples, validation: [] });
  });

  it('latest: holds out the highest-numbered examples of each class', () => {
    const { train, validation } = holdOut(examples, 0.1, 0, { by: 'latest' });
    expect(validation.filter((e) => e.label === 0).map((e) => e.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => 180 + i),
    );
    const maxTrain = (label: number) =>
      Math.max(...train.filter((e) => e.label === label).map((e) => e.id));
    for (const label of [0, 1, 2, 3]) {
      const minHeld = Math.min(...validation.filter((e) => e.label === label).map((e) => e.id));
      expect(minHeld).toBeGreaterThan(maxTrain(label));
    }
    expect(() => holdOut([{ label: 0 }], 0.5, 0, { by: 'latest' })).toThrow(/numbered/);
    expect(() => holdOut(examples, 0.1, 0, { by: 'oldest' as 'latest' })).toThrow(/threads/);
  });

  it('threads: a thread is its subject without Re: / Fwd: marks, case and spacing', () => {
    const post = (subject: string) => `From: a@b.c\nSubject: ${subject}\nLines: 3\n\nRe: body`;
    expect(threadOf(post('Re: RE:  Clipper   chip'))).toBe('clipper chip');
    expect(threadOf(post('Fwd: re[2]: Clipper chip'))).toBe('clipper chip');
    expect(threadOf(post('Why re: this?'))).toBe('why re: this?');
    expect(threadOf('no headers')).toBe('');
  });

  it('threads: holds out whole threads, the latest-started first, in every class', () => {
    // Class 0: threads t0..t9 of 4 posts each, started in order (ids 0..39); a reply to the
    // oldest thread (t0) comes last. Class 1: crossposts of t9 and t8, and its own thread.
    const text = (t: string) => `Subject: ${t}\n\nbody`;
    const posts = [
      ...Array.from({ length: 40 }, (_, i) => ({ id: i, label: 0, text: text(`t${i >> 2}`) })),
      { id: 40, label: 0, text: text('Re: t0') },
      { id: 1, label: 1, text: text('Re: t9') },
      { id: 2, label: 1, text: text('t8') },
      { id: 3, label: 1, text: text('other') },
    ];
    const { train, validation } = holdOut(posts, 0.1, 0, { by: 'threads' });
    // 10 % of class 0's 41 posts: t9 (4 posts, started last) then t8 (4.1 not yet reached).
    const threads = (xs: typeof posts) => new Set(xs.map((e) => threadOf(e.text)));
    expect(threads(validation)).toEqual(new Set(['t9', 't8', 'other']));
    expect(validation).toHaveLength(4 + 4 + 3);
    for (const t of threads(validation)) expect(threads(train).has(t)).toBe(false);
    expect(threads(train).has('t0')).toBe(true); // the late reply to an old thread stays
    expect(train.length + validation.length).toBe(posts.length);
  });
});
