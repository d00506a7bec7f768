/**
 * Training progress on a terminal: one line per step redrawn in place on a TTY (with a bar cut to
 * the terminal width), every tenth of an epoch as plain lines in a log, and one line per epoch.
 * Durations come from @tfnlp/core's formatDuration (the one formatter of the project).
 */
import { formatDuration } from '@tfnlp/core';
import type { Trainer } from '@tfnlp/train';
import type { Out } from '../output.js';

/** What one progress line shows. */
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

/** Prints the trainer's step and epoch events to `stdout`; `finish()` ends a redrawn line. */
export function attachProgress(
  // biome-ignore lint/suspicious/noExplicitAny: any model and batch type
  trainer: Trainer<any, any>,
  stdout: Out,
  stepsPerEpoch: number,
): { finish(): void } {
  const log = (line: string) => stdout.write(`${line}\n`);
  const every = Math.max(1, Math.floor(stepsPerEpoch / 10));
  let lastLine = '';
  const finish = () => {
    if (stdout.isTTY && lastLine) stdout.write('\n');
    lastLine = '';
  };
  trainer.on('step', (e) => {
    const info: StepInfo = {
      epoch: e.epoch,
      epochs: e.epochs,
      stepInEpoch: e.stepInEpoch,
      stepsPerEpoch: e.stepsPerEpoch,
      samplesPerSecond: e.samplesPerSecond,
      loss: e.loss,
      accuracy: e.metrics.accuracy,
      etaSeconds: e.etaSeconds,
    };
    if (stdout.isTTY) {
      const cols = process.stdout.columns ?? 120;
      // The bar takes what the terminal has left (10 to 30 columns); the line is cut to the width.
      const bar = Math.max(10, Math.min(30, cols - 4 - formatProgress(info, 0).length));
      const line = formatProgress(info, bar);
      stdout.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(lastLine.length, cols - 1))}`);
      lastLine = line;
    } else if (e.stepInEpoch % every === 0 || e.stepInEpoch === e.stepsPerEpoch) {
      log(formatProgress(info));
    }
  });
  trainer.on('epoch', (e) => {
    finish();
    const l = e.logs;
    log(
      `epoch ${e.epoch + 1}/${e.epochs}: loss ${l.loss?.toFixed(4)}  accuracy ${l.accuracy?.toFixed(4)}  ` +
        `val_loss ${l.val_loss?.toFixed(4)}  val_accuracy ${l.val_accuracy?.toFixed(4)}  (${formatDuration(e.elapsedSeconds)})`,
    );
  });
  return { finish };
}
