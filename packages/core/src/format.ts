/**
 * Human-readable durations and sizes for progress lines (training, downloads): short, fixed
 * shapes that a terminal or a page can print as they are.
 */

/** A duration in seconds as "12s", "1m05s" or "2h03m" (rounded to the second); "?" when not finite. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count as "512 B", "1.5 KiB", "40.1 MiB", "2.0 GiB" (binary units, one decimal); "?" when not a count. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  // Move up while the value would print as 1024.0 or more in this unit.
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A transfer rate as "9.5 MiB/s" (`formatBytes` per second). */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
