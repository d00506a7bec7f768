// The error of every decoder: invalid UTF-8 or UTF-16, or an encoding we refuse to guess.

/** Bytes that are not valid in the expected encoding; names the file, the byte offset and its value. */
export class DecodeError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly byte: number,
    message?: string,
  ) {
    super(
      message ??
        `${file}: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${offset} is not valid UTF-8. ` +
          "Pass encoding: 'utf-8-or-latin1' (fall back to Latin-1 for such files), 'latin1', or 'utf-8' (replace bad bytes with U+FFFD).",
    );
    this.name = 'DecodeError';
  }
}
