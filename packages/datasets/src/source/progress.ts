// Download progress as data (for any UI) plus a one-line text rendering for a CLI. Browser-safe.
import { formatBytes, formatDuration, formatRate } from '@tfnlp/core';

/** One progress report of a download. */
export interface DownloadProgress {
  file: string;
  url: string;
  /** Bytes on disk so far, resumed bytes included. */
  receivedBytes: number;
  /** Total size when the server or the card says it; undefined otherwise. */
  totalBytes: number | undefined;
  /** Bytes resumed from an earlier, interrupted download. */
  resumedFrom: number;
  /** Average rate of this attempt, bytes per second. */
  bytesPerSecond: number;
  /** Seconds left at that rate; undefined when the total is unknown or nothing arrived yet. */
  etaSeconds: number | undefined;
  done: boolean;
}

/** Receives download progress (the loaders' `onProgress`). */
export type ProgressCallback = (progress: DownloadProgress) => void;

/** e.g. "aclImdb_v1.tar.gz  40.1 MiB/80.2 MiB  50%  9.5 MiB/s  ETA 4s" */
export function formatProgress(p: DownloadProgress): string {
  const parts = [p.file];
  parts.push(
    p.totalBytes
      ? `${formatBytes(p.receivedBytes)}/${formatBytes(p.totalBytes)}`
      : formatBytes(p.receivedBytes),
  );
  if (p.totalBytes) parts.push(`${Math.floor((100 * p.receivedBytes) / p.totalBytes)}%`);
  parts.push(formatRate(p.bytesPerSecond));
  if (p.done) parts.push('done');
  // Rounded up: the ETA never says 0s while bytes are still to come.
  else if (p.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(Math.ceil(p.etaSeconds))}`);
  return parts.join('  ');
}
