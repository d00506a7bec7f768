/**
 * Reading user files with a size cap: `/dev/zero`, a FIFO or a 20 GB file must end in a clear
 * error after `maxBytes`, not in unbounded memory growth (stat sizes lie for devices and pipes,
 * so the cap is enforced while reading).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { formatBytes } from '@tfnlp/core';
import { InputError, messageOf } from '../errors.js';

/** Cap of a `predict` input (file or stdin): 256 MiB of text (a 50 MB review fits). */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;
/** Cap of a recipe or run.json: 1 MiB. */
export const MAX_JSON_BYTES = 2 ** 20;

const SPLIT_HINT = 'split it into smaller files (one review per line)';

function tooLarge(what: string, maxBytes: number, hint = SPLIT_HINT): InputError {
  return new InputError(`${what} is larger than ${formatBytes(maxBytes)}: ${hint}.`);
}

/** The bytes of `path`, at most `maxBytes` (more is an InputError naming `what`, ending in `hint`). */
export function readFileBounded(
  path: string,
  maxBytes: number,
  what = path,
  hint = SPLIT_HINT,
): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${messageOf(e)}`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the cap tells "exactly maxBytes" from "more".
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new InputError(`cannot read ${what}: ${messageOf(e)}`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(what, maxBytes, hint);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** All of a stream (stdin), at most `maxBytes`. */
export async function readStreamBounded(
  stream: AsyncIterable<Buffer | string>,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > maxBytes) throw tooLarge(what, maxBytes);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}
