import * as tf from '@tensorflow/tfjs-core';

/** Parameters by name, in a fixed order (the order of the model's `namedParameters()`). */
export type NamedVariables = ReadonlyArray<readonly [string, tf.Variable]>;

/** Gradients by parameter name; a parameter without a gradient is not updated (as in PyTorch). */
export type NamedTensors = ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>;

/**
 * Decides which parameters get weight decay: true = the optimizer's `weightDecay`, false = none,
 * a number = this parameter's own weight decay (like a PyTorch parameter group).
 */
export type DecayFilter = (name: string, param: tf.Variable) => boolean | number;

/** One optimizer slot (a moment, a momentum buffer) as plain data. */
export interface SlotState {
  shape: number[];
  /** float32 values, row-major. */
  values: Float32Array;
}

/**
 * Everything an optimizer needs to continue exactly: serialisable (the checkpoint writer stores
 * the slots as binary tensors and the rest as JSON).
 */
export interface OptimizerState {
  kind: string;
  lr: number;
  hyper: Record<string, number | boolean>;
  /** Updates applied to each parameter so far (PyTorch's per-parameter `state['step']`). */
  steps: Record<string, number>;
  /** slots[param][slot], e.g. slots['dense/kernel']['exp_avg']. */
  slots: Record<string, Record<string, SlotState>>;
}

/** Which parameters get weight decay (see `defaultDecayFilter`). */
export interface DecayFilterOptions {
  /** Decay embedding tables too (default false). */
  decayEmbeddings?: boolean;
  /** Which parameter names are embeddings (default: the name contains "embed", any case). */
  isEmbedding?: (name: string) => boolean;
}

/**
 * The default weight-decay rule: only parameters with >= 2 dimensions (matrices, kernels), so
 * biases and LayerNorm gains/offsets are never decayed; embedding tables only when
 * `decayEmbeddings` is set.
 */
export function defaultDecayFilter(options: DecayFilterOptions = {}): DecayFilter {
  const isEmbedding = options.isEmbedding ?? ((name: string) => /embed/i.test(name));
  const decayEmbeddings = options.decayEmbeddings ?? false;
  return (name, param) => param.rank >= 2 && (decayEmbeddings || !isEmbedding(name));
}

/** Options every optimizer takes. */
export interface BaseOptimizerOptions extends DecayFilterOptions {
  /** Learning rate; the trainer overwrites `optimizer.lr` from its schedule before each step. */
  lr: number;
  /** Weight decay (L2 for SGD/Adam, decoupled for AdamW). Default 0. */
  weightDecay?: number;
  /** Overrides the default rule of which parameters are decayed (see `defaultDecayFilter`). */
  decayFilter?: DecayFilter;
}

/**
 * Base class of the optimizers: per-parameter slots held as non-trainable tf.Variables, keyed by
 * parameter name, so the state is independent of tfjs variable ids and can be saved and loaded.
 */
export abstract class Optimizer {
  abstract readonly kind: string;
  lr: number;
  readonly weightDecay: number;
  readonly decayFilter: DecayFilter;
  protected readonly slots = new Map<string, Map<string, tf.Variable>>();
  protected readonly steps = new Map<string, number>();

  constructor(options: BaseOptimizerOptions) {
    if (!(options.lr >= 0)) {
      throw new Error(`optimizer: lr must be a number >= 0, got ${options.lr}.`);
    }
    if (!((options.weightDecay ?? 0) >= 0)) {
      throw new Error(`optimizer: weightDecay must be >= 0, got ${options.weightDecay}.`);
    }
    this.lr = options.lr;
    this.weightDecay = options.weightDecay ?? 0;
    this.decayFilter = options.decayFilter ?? defaultDecayFilter(options);
  }

  /** Hyper-parameters other than lr, recorded in the state (checked on load). */
  protected abstract hyper(): Record<string, number | boolean>;

  /**
   * Updates one parameter in place (runs inside the tidy of `step`).
   * @param step the parameter's update count including this one (1 on the first update)
   * @param weightDecay this parameter's decay (0 when the filter excludes it)
   */
  protected abstract update(
    name: string,
    param: tf.Variable,
    grad: tf.Tensor,
    step: number,
    weightDecay: number,
  ): void;

  /** Applies one update to every parameter that has a gradient. Leaves no tensors behind. */
  step(params: NamedVariables, grads: NamedTensors): void {
    const get =
      grads instanceof Map
        ? (name: string) => grads.get(name)
        : (name: string) => (grads as Record<string, tf.Tensor>)[name];
    tf.tidy(() => {
      for (const [name, param] of params) {
        const grad = get(name);
        if (grad === undefined) continue;
        if (!shapesEqual(grad.shape, param.shape)) {
          throw new Error(
            `optimizer: gradient of '${name}' has shape [${grad.shape}], the parameter [${param.shape}].`,
          );
        }
        const step = (this.steps.get(name) ?? 0) + 1;
        this.steps.set(name, step);
        this.update(name, param, grad, step, this.decayOf(name, param));
      }
    });
  }

  /** The weight decay of one parameter, from `decayFilter`. */
  private decayOf(name: string, param: tf.Variable): number {
    const rule = this.decayFilter(name, param);
    if (typeof rule !== 'number') return rule ? this.weightDecay : 0;
    if (!(rule >= 0)) {
      throw new Error(
        `optimizer: decayFilter gave '${name}' weight decay ${rule}; use a number >= 0.`,
      );
    }
    return rule;
  }

  /** Whether a slot exists (e.g. SGD's momentum buffer before the first step does not). */
  protected hasSlot(param: string, slot: string): boolean {
    return this.slots.get(param)?.has(slot) ?? false;
  }

  /** The slot variable, created from `init` (default zeros like `like`) on first use. */
  protected slot(param: string, slot: string, like: tf.Tensor, init?: tf.Tensor): tf.Variable {
    let bySlot = this.slots.get(param);
    if (bySlot === undefined) {
      bySlot = new Map();
      this.slots.set(param, bySlot);
    }
    let variable = bySlot.get(slot);
    if (variable === undefined) {
      variable = tf.variable(init ?? tf.zerosLike(like), false);
      bySlot.set(slot, variable);
    }
    return variable;
  }

  /** A copy of the whole state as plain data (reads the slots from the backend). */
  getState(): OptimizerState {
    const slots: OptimizerState['slots'] = {};
    for (const [param, bySlot] of this.slots) {
      slots[param] = {};
      for (const [slot, variable] of bySlot) {
        slots[param][slot] = {
          shape: [...variable.shape],
          values: new Float32Array(variable.dataSync() as Float32Array),
        };
      }
    }
    return {
      kind: this.kind,
      lr: this.lr,
      hyper: this.hyper(),
      steps: Object.fromEntries(this.steps),
      slots,
    };
  }

  /** Replaces the whole state (slots, step counts, lr) by one from `getState()`. */
  setState(state: OptimizerState): void {
    if (state.kind !== this.kind) {
      throw new Error(
        `optimizer: the saved state is from '${state.kind}', this optimizer is '${this.kind}'; ` +
          'construct the same optimizer as the run that saved it.',
      );
    }
    const hyper = this.hyper();
    for (const [key, value] of Object.entries(state.hyper)) {
      if (hyper[key] !== value) {
        throw new Error(
          `optimizer: the saved state has ${key}=${value}, this ${this.kind} has ${key}=${hyper[key]}; ` +
            'resume with the same hyper-parameters.',
        );
      }
    }
    this.disposeSlots();
    this.lr = state.lr;
    for (const [name, step] of Object.entries(state.steps)) this.steps.set(name, step);
    for (const [param, bySlot] of Object.entries(state.slots)) {
      const map = new Map<string, tf.Variable>();
      for (const [slot, { shape, values }] of Object.entries(bySlot)) {
        map.set(slot, tf.variable(tf.tensor(values, shape, 'float32'), false));
      }
      this.slots.set(param, map);
    }
  }

  private disposeSlots(): void {
    for (const bySlot of this.slots.values()) for (const v of bySlot.values()) v.dispose();
    this.slots.clear();
    this.steps.clear();
  }

  /** Frees the slot variables. */
  dispose(): void {
    this.disposeSlots();
  }
}

function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
