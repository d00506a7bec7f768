// Small async-iterator combinators. Each takes sync or async iterables, returns an async
// generator, and closes its source (calls `return`) when the consumer stops early.
import type { AnyIterable } from '../types.js';

/** Lifts any iterable into an async generator. */
export async function* fromIterable<T>(source: AnyIterable<T>): AsyncGenerator<T> {
  yield* source;
}

/** Applies `fn` (sync or async) to each item. */
export async function* map<T, U>(
  source: AnyIterable<T>,
  fn: (item: T, index: number) => U | Promise<U>,
): AsyncGenerator<U> {
  let i = 0;
  for await (const item of source) yield await fn(item, i++);
}

/** Keeps the items for which `keep` returns true. */
export async function* filter<T>(
  source: AnyIterable<T>,
  keep: (item: T, index: number) => boolean | Promise<boolean>,
): AsyncGenerator<T> {
  let i = 0;
  for await (const item of source) if (await keep(item, i++)) yield item;
}

/** The first `n` items; closes the source after them. */
export async function* take<T>(source: AnyIterable<T>, n: number): AsyncGenerator<T> {
  if (n <= 0) return;
  let i = 0;
  for await (const item of source) {
    yield item;
    if (++i >= n) return;
  }
}

/** Reads the whole source into an array. */
export async function toArray<T>(source: AnyIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}
