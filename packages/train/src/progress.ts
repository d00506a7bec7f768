import { formatDuration } from '@tfnlp/core';
import type { EpochEvent, StepEvent } from './events.js';

/** Re-exported for the apps that read it from here; new code imports it from `@tfnlp/core`. */
export { formatDuration };

/** One progress line for a terminal or a page, e.g.
 * `epoch 1/3  step 40/125  loss 0.4812  accuracy 0.7734  lr 1.00e-3  812 samples/s  ETA 1m05s` */
export function formatStep(e: StepEvent): string {
  const parts = [
    `epoch ${e.epoch + 1}/${e.epochs}`,
    `step ${e.stepInEpoch}${e.stepsPerEpoch !== undefined ? `/${e.stepsPerEpoch}` : ''}`,
    `loss ${e.loss.toFixed(4)}`,
    ...Object.entries(e.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`),
    `lr ${e.lr.toExponential(2)}`,
    `${Math.round(e.samplesPerSecond)} samples/s`,
  ];
  if (e.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(e.etaSeconds)}`);
  return parts.join('  ');
}

/** One line per epoch: `epoch 2/3  loss 0.3012  accuracy 0.88  val_loss 0.35 ...  (41s)`. */
export function formatEpoch(e: EpochEvent): string {
  return [
    `epoch ${e.epoch + 1}/${e.epochs}`,
    ...Object.entries(e.logs).map(([k, v]) => `${k} ${v.toFixed(4)}`),
    `(${formatDuration(e.elapsedSeconds)})`,
  ].join('  ');
}
