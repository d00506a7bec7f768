// Prefetch: reads up to `bufferSize` items ahead of the consumer, so the next batch is
// being decoded and collated while the model trains on the current one.
import type { AnyIterable } from '../types.js';

/** Yields the source's items while reading up to `bufferSize` of them ahead (default 2). */
export async function* prefetch<T>(source: AnyIterable<T>, bufferSize = 2): AsyncGenerator<T> {
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`prefetch: bufferSize must be a positive integer, got ${bufferSize}`);
  }
  const it: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (source as Iterable<T>)[Symbol.iterator]();
  const queue: T[] = [];
  let finished = false;
  let sourceDone = false;
  let failed = false;
  let error: unknown;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const signal = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeProducer = undefined;
    fn?.();
  };

  const pump = (async () => {
    try {
      while (!stopped) {
        if (queue.length >= bufferSize) {
          await new Promise<void>((resolve) => (wakeProducer = resolve));
          continue;
        }
        const r = await it.next();
        if (r.done) {
          sourceDone = true;
          break;
        }
        queue.push(r.value);
        signal('consumer');
      }
    } catch (e) {
      failed = true;
      error = e;
    } finally {
      finished = true;
      signal('consumer');
    }
  })();

  try {
    while (true) {
      if (queue.length > 0) {
        const item = queue.shift()!;
        signal('producer');
        yield item;
        continue;
      }
      if (failed) throw error;
      if (finished) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    stopped = true;
    signal('producer');
    await pump;
    // Closed early: let the source release its file handles.
    if (!sourceDone && !failed) await it.return?.();
  }
}
