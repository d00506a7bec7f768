// Shared record types. Every dataset yields plain objects that extend TextExample.

/** Split names used across datasets; `validation` is made by stratifiedSplit from `train`. */
export type Split = 'train' | 'test' | 'validation' | 'unsup';

/** One labelled text. `label` is an index into the dataset card's `labels` (-1: unlabelled). */
export interface TextExample {
  text: string;
  label: number;
  /** Where the example came from ('train', 'test', ...). */
  split?: string;
  /** Stable id inside the dataset (e.g. `train/pos/0_9`): makes splits independent of read order. */
  key?: string;
}

/** What the pipeline stages accept: a sync or async iterable. */
export type AnyIterable<T> = Iterable<T> | AsyncIterable<T>;
