/**
 * A learning-rate schedule. The trainer sets `optimizer.lr = schedule.lrAt(step)` before each
 * optimizer update, `step` being the number of updates already done (0 for the first one, as
 * with a PyTorch scheduler stepped after each `optimizer.step()`).
 */
export interface LRSchedule {
  /** The learning rate of the update after `step` updates (an integer >= 0). */
  lrAt(step: number): number;
  /**
   * Metric-driven schedules (ReduceLROnPlateau) receive the monitored value after each
   * evaluation; `monitor` names it (e.g. 'val_loss').
   */
  readonly monitor?: string;
  /** Receives the monitored value after each evaluation (see `monitor`). */
  onMetric?(value: number): void;
  /** Stateful schedules save and restore their state with the checkpoint. */
  getState?(): unknown;
  /** Restores `getState()` output on resume. */
  setState?(state: unknown): void;
}

export function checkStep(step: number): void {
  if (!Number.isInteger(step) || step < 0) {
    throw new Error(`LR schedule: step must be an integer >= 0, got ${step}.`);
  }
}

/** Linear warmup from 0: lr * step / warmupSteps for step < warmupSteps, else undefined. */
export function warmupLr(lr: number, step: number, warmupSteps: number): number | undefined {
  return step < warmupSteps ? (lr * step) / Math.max(1, warmupSteps) : undefined;
}
