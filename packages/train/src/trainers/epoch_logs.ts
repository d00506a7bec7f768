// The logs of an epoch's end: training loss/metrics, `val_` ones, and the plateau schedule.
import type { LRSchedule } from '../schedules/schedule.js';

/**
 * Adds `val_`-prefixed validation results to `logs` and feeds the schedule's monitored value
 * (`ReduceLROnPlateau`); throws when the monitored key is missing.
 */
export function finishEpochLogs(
  logs: Record<string, number>,
  validation: Record<string, number> | undefined,
  schedule: LRSchedule | undefined,
): Record<string, number> {
  if (validation !== undefined) {
    for (const [k, v] of Object.entries(validation)) logs[`val_${k}`] = v;
  }
  if (schedule?.onMetric) {
    const monitor = schedule.monitor ?? 'val_loss';
    const value = logs[monitor];
    if (value === undefined) {
      throw new Error(
        `Trainer: the schedule monitors '${monitor}', which is not in the epoch logs ` +
          `(${Object.keys(logs).join(', ')}); pass validation data or change monitor.`,
      );
    }
    schedule.onMetric(value);
  }
  return logs;
}
