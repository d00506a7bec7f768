// Dataset cards: what a dataset is, where it comes from and under which terms, its label
// order and its published sizes. Pure data, browser-safe.

/** A file as its authors publish it. At least one of md5 / sha256 when a checksum is published. */
export interface RemoteFile {
  /** File name in the cache and in error messages. */
  filename: string;
  url: string;
  /** Published size in bytes, when known; checked before the checksum. */
  size?: number;
  md5?: string;
  sha256?: string;
}

/** What is known about a dataset: labels, splits and sizes, files, citation and licence. */
export interface DatasetCard {
  id: string;
  title: string;
  description: string;
  homepage: string;
  citation: string;
  /** Licence or terms of use as the authors state them. */
  license: string;
  /** Label order: label i is labels[i]. */
  labels: readonly string[];
  /** Published example counts per split. */
  splits: Readonly<Record<string, number>>;
  /** Published counts per split and class, in label order. */
  perClass?: Readonly<Record<string, readonly number[]>>;
  /** The official files. */
  files: Readonly<Record<string, RemoteFile>>;
  /** Quirks a user should know. */
  notes: readonly string[];
}
