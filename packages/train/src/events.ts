import type { Callback } from './callbacks/callback.js';
import type { TrainerHandle } from './handle.js';

/** Once per fit, before the first step (after a resume has loaded its checkpoint). */
export interface TrainBeginEvent {
  type: 'train-begin';
  /** Updates and epochs already done (non-zero after a resume). */
  step: number;
  epoch: number;
  epochs: number;
}

/** Before the steps of each epoch; also when a resumed fit re-enters an epoch. */
export interface EpochBeginEvent {
  type: 'epoch-begin';
  /** 0-based. */
  epoch: number;
  epochs: number;
  step: number;
}

/** Progress events, for a CLI line, a page, or a log. All numbers are plain JS numbers. */
export interface StepEvent {
  type: 'step';
  /** 0-based epoch and the number of epochs of the fit. */
  epoch: number;
  epochs: number;
  /** Optimizer updates done in the whole run (this one included). */
  step: number;
  /** Updates done in this epoch. */
  stepInEpoch: number;
  /** Updates per epoch when known (the `stepsPerEpoch` option, or seen in a previous epoch). */
  stepsPerEpoch: number | undefined;
  /** Examples seen in this epoch. */
  samples: number;
  samplesPerSecond: number;
  /** Mean loss of this update's (accumulated) batch. */
  batchLoss: number;
  /** Running mean loss of the epoch and the running training metrics. */
  loss: number;
  metrics: Record<string, number>;
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  elapsedSeconds: number;
  /** Seconds left in the fit, when the number of updates is known. */
  etaSeconds: number | undefined;
}

/** After each epoch (and its validation); `formatEpoch` renders one line. */
export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  epochs: number;
  step: number;
  /** Training loss / metrics of the epoch, then `val_`-prefixed validation ones. */
  logs: Record<string, number>;
  elapsedSeconds: number;
}

/** After a checkpoint has been written. */
export interface CheckpointEvent {
  type: 'checkpoint';
  /** File name in the storage, e.g. `step-00000012.safetensors`. */
  name: string;
  /** Full path or URL of the file (`CheckpointStorage.resolve`). */
  path: string;
  step: number;
  epoch: number;
}

/** The end of a fit, and why it ended. */
export interface StopEvent {
  type: 'stop';
  reason: 'completed' | 'max-steps' | 'early-stopping' | 'non-finite' | 'requested';
  message: string;
  step: number;
}

/** Any event that `Trainer.on` delivers. */
export type TrainerEvent =
  | TrainBeginEvent
  | EpochBeginEvent
  | StepEvent
  | EpochEvent
  | CheckpointEvent
  | StopEvent;

/** A function that receives one kind of event; the trainer awaits a returned promise. */
export type Listener<E> = (event: E) => unknown;

/**
 * The trainer's one dispatch: `emit` delivers an event to the `on` listeners (in subscription
 * order), then to the matching hook of every callback (in `callbacks` order), awaiting each.
 * Callback hooks are listeners under Keras names: `train-begin` -> onTrainBegin, `epoch-begin`
 * -> onEpochBegin, `step` -> onStepEnd, `epoch` -> onEpochEnd, `checkpoint` -> onCheckpoint,
 * `stop` -> onTrainEnd. No Node dependency, so it works in a page.
 */
export class EventBus {
  private listeners = new Map<TrainerEvent['type'], Set<Listener<never>>>();

  constructor(
    private readonly callbacks: () => readonly Callback[],
    private readonly handle: TrainerHandle,
  ) {}

  /** Subscribes `listener` to events of `type`; returns the unsubscribe function. */
  on<T extends TrainerEvent['type']>(
    type: T,
    listener: Listener<Extract<TrainerEvent, { type: T }>>,
  ): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Delivers `event` to every listener, then every callback hook, in order. */
  async emit(event: TrainerEvent): Promise<void> {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) {
      await (listener as Listener<TrainerEvent>)(event);
    }
    for (const cb of this.callbacks()) await callbackHook(cb, event, this.handle);
  }
}

/** Calls the hook of `cb` that handles `event`, if it has one. */
function callbackHook(cb: Callback, event: TrainerEvent, t: TrainerHandle): unknown {
  switch (event.type) {
    case 'train-begin':
      return cb.onTrainBegin?.(t);
    case 'epoch-begin':
      return cb.onEpochBegin?.(event.epoch, t);
    case 'step':
      return cb.onStepEnd?.(event, t);
    case 'epoch':
      return cb.onEpochEnd?.(event, t);
    case 'checkpoint':
      return cb.onCheckpoint?.(event, t);
    case 'stop':
      return cb.onTrainEnd?.(event, t);
  }
}
