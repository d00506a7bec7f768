// Download progress as data (for any UI) plus a one-line text rendering for a CLI. Browser-safe.

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

/** e.g. "aclImdb_v1.tar.gz  40.1/80.2 MiB  50%  9.5 MiB/s  ETA 4s" */
export function formatProgress(p: DownloadProgress): string {
  const parts = [p.file];
  parts.push(
    p.totalBytes
      ? `${mib(p.receivedBytes)}/${mib(p.totalBytes)} MiB`
      : `${mib(p.receivedBytes)} MiB`,
  );
  if (p.totalBytes) parts.push(`${Math.floor((100 * p.receivedBytes) / p.totalBytes)}%`);
  parts.push(`${mib(p.bytesPerSecond)} MiB/s`);
  if (p.done) parts.push('done');
  else if (p.etaSeconds !== undefined) parts.push(`ETA ${formatSeconds(p.etaSeconds)}`);
  return parts.join('  ');
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

function formatSeconds(s: number): string {
  const r = Math.ceil(s);
  if (r < 60) return `${r}s`;
  if (r < 3600) return `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s`;
  return `${Math.floor(r / 3600)}h${String(Math.floor((r % 3600) / 60)).padStart(2, '0')}m`;
}
