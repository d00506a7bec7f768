// Text from a data file shown on a terminal: a review can hold ESC sequences (clear the
// screen, rewrite the title, fake a prompt), C1 controls (0x9B is a one-byte CSI on some
// terminals) or bidi overrides that reorder what is shown. Browser-safe.

// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates and marks, line and
// paragraph separators, BOM / zero-width no-break space.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/g;
const NAMED: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null), { '\n': '\\n', '\r': '\\r', '\t': '\\t' }),
);

/**
 * `text` with every control, bidi and line-separator character written as a visible escape
 * (`\n`, `\t`, `\x1B`, `\u202E`), so printing it cannot drive the terminal or reorder it.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
      : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}
