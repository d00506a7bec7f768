// JSON Lines: one JSON object per line, streamed. Lines are split as bytes, so the decode
// policy sees each line's raw bytes and errors name the line.
import { createReadStream } from 'node:fs';
import { decodeText, type TextEncodingPolicy } from '../text/decode.js';
import { FormatError } from './delimited.js';

export interface JsonLine {
  value: unknown;
  line: number;
}

export async function* readJsonl(
  file: string,
  encoding: TextEncodingPolicy,
  name: string,
): AsyncGenerator<JsonLine> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;
  const emit = (bytes: Buffer): JsonLine | undefined => {
    line++;
    let text = decodeText(bytes, encoding, `${name} line ${line}`);
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let nl = buf.indexOf(0x0a);
    while (nl >= 0) {
      const rec = emit(buf.subarray(0, nl));
      if (rec) yield rec;
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(0x0a);
    }
    carry = Buffer.from(buf);
  }
  if (carry.length) {
    const rec = emit(carry);
    if (rec) yield rec;
  }
}
