import type { CheckpointEvent, EpochEvent, StepEvent, StopEvent } from '../events.js';
import type { TrainerHandle as Trainer } from '../handle.js';

/**
 * Hooks into a fit. Every hook may be async (the trainer awaits it). A callback with
 * getState/setState and a `name` has its state saved in checkpoints and restored on resume.
 */
export interface Callback {
  /** Key of the callback's state in checkpoints; needed for getState/setState to be used. */
  readonly name?: string;
  /** Once per `fit`, before the first step (after `resume` has loaded a checkpoint, if asked). */
  onTrainBegin?(trainer: Trainer): void | Promise<void>;
  /** Before the steps of each epoch (`epoch` is 0-based); also when a resumed fit re-enters an epoch. */
  onEpochBegin?(epoch: number, trainer: Trainer): void | Promise<void>;
  /** After each optimizer update. */
  onStepEnd?(event: StepEvent, trainer: Trainer): void | Promise<void>;
  /** After each epoch and its validation; `trainer.stop()` here ends the fit. */
  onEpochEnd?(event: EpochEvent, trainer: Trainer): void | Promise<void>;
  /** After a checkpoint has been written. */
  onCheckpoint?(event: CheckpointEvent, trainer: Trainer): void | Promise<void>;
  /** Once per `fit`, when it ends, for any `StopEvent.reason`. */
  onTrainEnd?(event: StopEvent, trainer: Trainer): void | Promise<void>;
  /** JSON-serialisable state saved in checkpoints under `name`. */
  getState?(): unknown;
  /** Restores `getState()` output on resume. */
  setState?(state: unknown): void;
}
