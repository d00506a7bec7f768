import type { CheckpointEvent, EpochEvent, StepEvent, StopEvent } from '../events.js';
import type { TrainerHandle as Trainer } from '../handle.js';

/**
 * Hooks into a fit. Every hook may be async (the trainer awaits it). A callback with
 * getState/setState and a `name` has its state saved in checkpoints and restored on resume.
 */
export interface Callback {
  readonly name?: string;
  onTrainBegin?(trainer: Trainer): void | Promise<void>;
  onEpochBegin?(epoch: number, trainer: Trainer): void | Promise<void>;
  onStepEnd?(event: StepEvent, trainer: Trainer): void | Promise<void>;
  onEpochEnd?(event: EpochEvent, trainer: Trainer): void | Promise<void>;
  onCheckpoint?(event: CheckpointEvent, trainer: Trainer): void | Promise<void>;
  onTrainEnd?(event: StopEvent, trainer: Trainer): void | Promise<void>;
  getState?(): unknown;
  setState?(state: unknown): void;
}
