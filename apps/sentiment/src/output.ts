/** Terminal output: colour (off with NO_COLOR or when not a TTY) and the training progress line. */
import { formatDuration } from '@tfnlp/train';

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

export interface StepInfo {
  epoch: number;
  epochs: number;
  stepInEpoch: number;
  stepsPerEpoch: number | undefined;
  samplesPerSecond: number;
  loss: number;
  accuracy: number | undefined;
  etaSeconds: number | undefined;
}

/**
 * One progress line: `epoch 1/3 [=====>    ] 120/704  95.3 samples/s  loss 0.4123  acc 0.8120  ETA 3m12s`
 * (`width` 0: no bar).
 */
export function formatProgress(s: StepInfo, width = 24): string {
  const total = s.stepsPerEpoch;
  let bar = '';
  if (total && width > 0) {
    const done = Math.min(width, Math.floor((width * s.stepInEpoch) / total));
    bar = `[${'='.repeat(Math.max(0, done - 1))}${done > 0 ? (done === width ? '=' : '>') : ''}${' '.repeat(width - done)}] `;
  }
  const parts = [
    `epoch ${s.epoch + 1}/${s.epochs} ${bar}${s.stepInEpoch}${total ? `/${total}` : ''}`,
    `${s.samplesPerSecond.toFixed(1)} samples/s`,
    `loss ${s.loss.toFixed(4)}`,
  ];
  if (s.accuracy !== undefined) parts.push(`acc ${s.accuracy.toFixed(4)}`);
  if (s.etaSeconds !== undefined && Number.isFinite(s.etaSeconds)) {
    parts.push(`ETA ${formatDuration(s.etaSeconds)}`);
  }
  return parts.join('  ');
}
