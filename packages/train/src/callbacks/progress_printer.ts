import type { EpochEvent, StepEvent, StopEvent } from '../events.js';
import { formatEpoch, formatStep } from '../progress.js';
import type { Callback } from './callback.js';

/** Options of `ProgressPrinter`. */
export interface ProgressPrinterOptions {
  /** Print every N-th update (default 10); epochs and the stop reason always. */
  everySteps?: number;
  /** Where lines go (default console.log); a page can append them to an element. */
  write?: (line: string) => void;
}

/** Prints `formatStep` / `formatEpoch` lines and the stop message: a CLI progress log. */
export class ProgressPrinter implements Callback {
  readonly everySteps: number;
  private readonly write: (line: string) => void;

  constructor(options: ProgressPrinterOptions = {}) {
    this.everySteps = options.everySteps ?? 10;
    this.write = options.write ?? ((line) => console.log(line));
  }

  onStepEnd(event: StepEvent): void {
    if (event.step % this.everySteps === 0) this.write(formatStep(event));
  }

  onEpochEnd(event: EpochEvent): void {
    this.write(formatEpoch(event));
  }

  onTrainEnd(event: StopEvent): void {
    this.write(`stopped after update ${event.step}: ${event.message}`);
  }
}
