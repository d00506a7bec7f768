import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckpointEvent, EpochEvent, StepEvent, StopEvent } from '../events.js';
import type { Callback } from './callback.js';

/** Options of `JsonlLogger`. */
export interface JsonlLoggerOptions {
  /** Log every N-th update (default 1); epoch, checkpoint and stop records are always logged. */
  everySteps?: number;
}

/**
 * Appends one JSON object per line to a file (Node; from `@tfnlp/train/node`): `{"time": ISO, "type": "step" | "epoch" |
 * "checkpoint" | "stop", ...the event}`. Lines are appended, so a resumed run continues the log.
 * NaN and Infinity are written as null.
 */
export class JsonlLogger implements Callback {
  readonly everySteps: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    options: JsonlLoggerOptions = {},
  ) {
    this.everySteps = options.everySteps ?? 1;
  }

  private append(record: object): Promise<void> {
    const line = `${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`;
    this.queue = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, line);
    });
    return this.queue;
  }

  onStepEnd(event: StepEvent): Promise<void> | undefined {
    return event.step % this.everySteps === 0 ? this.append(event) : undefined;
  }

  onEpochEnd(event: EpochEvent): Promise<void> {
    return this.append(event);
  }

  onCheckpoint(event: CheckpointEvent): Promise<void> {
    return this.append(event);
  }

  onTrainEnd(event: StopEvent): Promise<void> {
    return this.append(event);
  }
}
