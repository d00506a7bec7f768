// JSON Lines: one JSON object per line, streamed. Lines are split as bytes, so the decode
// policy sees each line's raw bytes and errors name the line. LF, CRLF and CR all end a
// line (JSON text holds no raw CR or LF), a BOM or UTF-16 is handled by utf8Chunks, and a
// line over limits.maxRecordBytes is an error instead of an ever-growing buffer.
import { createReadStream } from 'node:fs';
import { type ReadLimits, resolveLimits, SizeLimitError } from '../limits.js';
import { decodeBytes, type TextEncodingPolicy } from '../text/decode.js';
import { checkRegularFile, FormatError } from './delimited.js';
import { utf8Chunks } from './utf8-chunks.js';

/** One parsed line and its 1-based line number. */
export interface JsonLine {
  value: unknown;
  line: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Streams the JSON values of a JSON Lines file; blank lines are skipped. */
export async function* readJsonl(
  file: string,
  encoding: TextEncodingPolicy,
  name: string,
  limits?: ReadLimits,
): AsyncGenerator<JsonLine> {
  const { maxRecordBytes } = resolveLimits(limits);
  await checkRegularFile(file, name);
  const state = { encoding };
  let parts: Uint8Array[] = []; // the current line so far, across chunks
  let partBytes = 0;
  let line = 0;
  let afterCr = false; // the last chunk ended in CR: a LF first in the next is the same line end
  const emit = (): JsonLine | undefined => {
    line++;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    partBytes = 0;
    if (bytes.length > maxRecordBytes) throw tooLong();
    const text = decodeBytes(bytes, state.encoding, `${name} line ${line}`);
    if (text.trim() === '') return undefined;
    try {
      return { value: JSON.parse(text), line };
    } catch (e) {
      throw new FormatError(
        `${name} line ${line}: not valid JSON (${(e as Error).message}). Each line must hold one JSON object.`,
        name,
        line,
      );
    }
  };
  const tooLong = () =>
    new SizeLimitError(
      `${name} line ${line} is over the limit of ${maxRecordBytes} bytes (limits.maxRecordBytes); ` +
        'is this a JSON Lines file? If the line is right, raise that limit.',
      name,
      'maxRecordBytes',
    );
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of utf8Chunks(input, name, state)) {
      let from = 0;
      if (afterCr && chunk[0] === LF) from = 1;
      afterCr = false;
      for (let i = from; i < chunk.length; i++) {
        const b = chunk[i];
        if (b !== LF && b !== CR) continue;
        parts.push(chunk.subarray(from, i));
        const rec = emit();
        if (rec) yield rec;
        if (b === CR) {
          if (i + 1 === chunk.length) afterCr = true;
          else if (chunk[i + 1] === LF) i++;
        }
        from = i + 1;
      }
      if (from < chunk.length) {
        // Copy: the stream may reuse its buffer.
        parts.push(Buffer.from(chunk.subarray(from)));
        partBytes += chunk.length - from;
        if (partBytes > maxRecordBytes) {
          line++;
          throw tooLong();
        }
      }
    }
    if (partBytes > 0) {
      const rec = emit();
      if (rec) yield rec;
    }
  } finally {
    input.destroy();
  }
}
