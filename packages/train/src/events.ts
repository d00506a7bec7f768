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
export type TrainerEvent = StepEvent | EpochEvent | CheckpointEvent | StopEvent;

/** A function that receives one kind of event. */
export type Listener<E> = (event: E) => void;

/** A tiny typed event emitter (no Node dependency, so it works in a page). */
export class Emitter {
  private listeners = new Map<string, Set<Listener<never>>>();

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

  emit(event: TrainerEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) {
      (listener as Listener<TrainerEvent>)(event);
    }
  }
}
