// File checksums (md5 / sha256), streamed so large archives are never read whole.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

/** What a file must match: an md5 and/or sha256 digest (hex), and optionally its size in bytes. */
export interface Checksum {
  md5?: string;
  sha256?: string;
  /** Expected size in bytes; checked first (cheap). */
  size?: number;
}

/** A file whose size or digest is not the expected one; `file` names it. */
export class ChecksumError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ChecksumError';
  }
}

/** The hex md5 or sha256 digest of `file`, streamed. */
export async function hashFile(file: string, algorithm: 'md5' | 'sha256'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks size then the strongest digest given. Resolves with the digest checked (or
 * undefined when nothing was expected); throws ChecksumError naming the file, what was
 * expected and what was found. `source` (a URL or "given path") is added to the message.
 */
export async function verifyFile(
  file: string,
  expected: Checksum,
  source?: string,
  displayName: string = basename(file),
): Promise<string | undefined> {
  const where = source ? ` (from ${source})` : '';
  // Hashing /dev/zero or a FIFO never ends: only a regular file has a checksum.
  if (!(await stat(file)).isFile()) {
    throw new ChecksumError(`${displayName}${where} is not a regular file (${file}).`, file);
  }
  if (expected.size !== undefined) {
    const { size } = await stat(file);
    if (size !== expected.size) {
      throw new ChecksumError(
        `${displayName}${where} is ${size} bytes, expected ${expected.size}: the file is incomplete or not the right one.`,
        file,
      );
    }
  }
  const algorithm = expected.sha256 ? 'sha256' : expected.md5 ? 'md5' : undefined;
  if (!algorithm) return undefined;
  const want = (expected.sha256 ?? expected.md5)!.toLowerCase();
  const got = await hashFile(file, algorithm);
  if (got !== want) {
    throw new ChecksumError(
      `${displayName}${where} has ${algorithm} ${got}, expected ${want}: the file is corrupt or not the right one.`,
      file,
    );
  }
  return `${algorithm}:${got}`;
}
