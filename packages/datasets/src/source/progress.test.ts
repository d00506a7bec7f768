import { describe, expect, it } from 'vitest';
import { type DownloadProgress, formatProgress } from './progress.js';

const base: DownloadProgress = {
  file: 'aclImdb_v1.tar.gz',
  url: 'https://example.org/aclImdb_v1.tar.gz',
  receivedBytes: 42_046_054,
  totalBytes: 84_092_108,
  resumedFrom: 0,
  bytesPerSecond: 9.5 * 1048576,
  etaSeconds: 3.2,
  done: false,
};

describe('formatProgress', () => {
  it('one line with sizes, percent, rate and an ETA rounded up', () => {
    expect(formatProgress(base)).toBe(
      'aclImdb_v1.tar.gz  40.1 MiB/80.2 MiB  50%  9.5 MiB/s  ETA 4s',
    );
    expect(formatProgress({ ...base, etaSeconds: 65.2 })).toMatch(/ETA 1m06s$/);
  });

  it('without a total, and when done', () => {
    expect(formatProgress({ ...base, totalBytes: undefined, etaSeconds: undefined })).toBe(
      'aclImdb_v1.tar.gz  40.1 MiB  9.5 MiB/s',
    );
    expect(formatProgress({ ...base, receivedBytes: 512, totalBytes: 512, done: true })).toBe(
      'aclImdb_v1.tar.gz  512 B/512 B  100%  9.5 MiB/s  done',
    );
  });
});
