/** Terminal output: colour (off with NO_COLOR or when not a TTY). */
export interface Out {
  write(text: string): void;
  isTTY: boolean;
  color: boolean;
}

export function stream(s: NodeJS.WriteStream): Out {
  const isTTY = Boolean(s.isTTY);
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return { write: (t) => s.write(t), isTTY, color: isTTY && !noColor && !process.env.CI };
}

const paint = (code: number) => (out: Out, text: string) =>
  out.color ? `\u001b[${code}m${text}\u001b[0m` : text;
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const bold = paint(1);
export const dim = paint(2);
