/**
 * Module: the base class of every layer, shaped like `torch.nn.Module`.
 *
 *  - parameters are `tf.Variable`s registered with `addParameter(name, init)`;
 *  - sub-modules are registered with `addModule(name, child)`;
 *  - names are dotted paths (`encoder.layers.0.self_attn.in_proj_weight`), matching
 *    PyTorch's `state_dict()` keys for the same architecture;
 *  - `train()` / `eval()` switch dropout on and off for the whole tree;
 *  - `stateDict()` / `loadStateDict()` move weights in and out, reporting every
 *    missing, unexpected or mis-shaped entry at once;
 *  - `dispose()` frees all variables.
 *
 * Forward methods are ordinary methods named `forward` with layer-specific arguments.
 * They wrap their work in `tf.tidy`, so only the returned tensors survive.
 */
import * as tf from '@tensorflow/tfjs-core';

/** JSON description of a module, enough to rebuild it with `buildModule` (io/registry.ts). */
export interface ModuleConfig {
  /** Registered class name, e.g. 'LSTM'. */
  type: string;
  /** Constructor options, JSON-serialisable. */
  // biome-ignore lint/suspicious/noExplicitAny: constructor options differ per class
  options: Record<string, any>;
}

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /**
   * true (default): missing keys, unexpected keys and shape mismatches all throw.
   * false: load what matches, return the rest in the report.
   */
  strict?: boolean;
}

/** What `loadStateDict` could not load (all empty after a strict load). */
export interface LoadReport {
  missing: string[];
  unexpected: string[];
  shapeMismatch: { key: string; expected: number[]; got: number[] }[];
}

/** Base class of every layer, shaped like `torch.nn.Module`: named parameters and sub-modules, dotted state-dict names, `train()` / `eval()`, `stateDict()` / `loadStateDict()`, `dispose()`. */
export abstract class Module {
  /** Whether the module is in training mode (dropout active). */
  training = true;
  private readonly params = new Map<string, tf.Variable>();
  private readonly childModules = new Map<string, Module>();

  /** Registers a parameter; the module owns (and later disposes) the variable. `init` is consumed. */
  protected addParameter(name: string, init: tf.Tensor, trainable = true): tf.Variable {
    if (name.includes('.')) throw new Error(`Parameter name '${name}' must not contain '.'.`);
    if (this.params.has(name) || this.childModules.has(name)) {
      throw new Error(`${this.constructor.name}: '${name}' is already registered.`);
    }
    const v = tf.variable(init, trainable, undefined, 'float32');
    init.dispose();
    this.params.set(name, v);
    return v;
  }

  /** Registers a sub-module under `name`; returns it for `this.x = this.addModule('x', ...)`. */
  protected addModule<M extends Module>(name: string, module: M): M {
    if (name.includes('.')) throw new Error(`Module name '${name}' must not contain '.'.`);
    if (this.params.has(name) || this.childModules.has(name)) {
      throw new Error(`${this.constructor.name}: '${name}' is already registered.`);
    }
    this.childModules.set(name, module);
    return module;
  }

  /** Direct children, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.childModules.entries()];
  }

  /** The direct sub-modules, in registration order. */
  children(): Module[] {
    return [...this.childModules.values()];
  }

  /** This module and all descendants, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.childModules) {
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    }
    return out;
  }

  /** All parameters with dotted names, own parameters first, then children in order. */
  namedParameters(prefix = ''): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [name, p] of this.params) out.push([prefix ? `${prefix}.${name}` : name, p]);
    for (const [name, child] of this.childModules) {
      out.push(...child.namedParameters(prefix ? `${prefix}.${name}` : name));
    }
    return out;
  }

  /** Every parameter of the tree (trainable or not), in `namedParameters()` order. */
  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Trainable parameters only (what an optimizer should update). */
  trainableParameters(): tf.Variable[] {
    return this.parameters().filter((p) => p.trainable);
  }

  /** Total number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Sets training mode on this module and every descendant (dropout on/off). */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Inference mode: same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * The parameters by dotted name. The values are the live variables (like PyTorch's
   * `state_dict()`, no copy): clone them if you need a snapshot that survives training.
   */
  stateDict(): Record<string, tf.Variable> {
    return Object.fromEntries(this.namedParameters());
  }

  /**
   * Copies values into the parameters. The input tensors are not disposed.
   * With `strict` (default) any missing key, unexpected key or shape mismatch throws an
   * error listing all of them, and nothing is loaded.
   */
  loadStateDict(state: Record<string, tf.Tensor>, options: LoadStateDictOptions = {}): LoadReport {
    const strict = options.strict ?? true;
    const own = new Map(this.namedParameters());
    const report: LoadReport = { missing: [], unexpected: [], shapeMismatch: [] };
    for (const key of own.keys()) if (!(key in state)) report.missing.push(key);
    for (const [key, value] of Object.entries(state)) {
      const p = own.get(key);
      if (!p) report.unexpected.push(key);
      else if (!tf.util.arraysEqual(p.shape, value.shape)) {
        report.shapeMismatch.push({ key, expected: p.shape, got: value.shape });
      }
    }
    const bad = report.missing.length + report.unexpected.length + report.shapeMismatch.length > 0;
    if (strict && bad) {
      const lines = [
        `${this.constructor.name}.loadStateDict: the state dict does not match the module; nothing was loaded.`,
        ...report.missing.map((k) => `  missing key: ${k}`),
        ...report.unexpected.map((k) => `  unexpected key: ${k}`),
        ...report.shapeMismatch.map(
          (m) =>
            `  shape mismatch for ${m.key}: module has [${m.expected}], state dict has [${m.got}]`,
        ),
        'Check that the module was built with the same options as the one that saved the weights, ' +
          'or pass { strict: false } to load the matching entries only.',
      ];
      throw new Error(lines.join('\n'));
    }
    const mismatched = new Set(report.shapeMismatch.map((m) => m.key));
    for (const [key, p] of own) {
      const value = state[key];
      if (value && !mismatched.has(key))
        p.assign(value.dtype === 'float32' ? value : tf.cast(value, 'float32'));
    }
    return report;
  }

  /** JSON description for `saveModel` / `buildModule`. Layers that can be rebuilt override this. */
  getConfig(): ModuleConfig {
    throw new Error(
      `${this.constructor.name} has no getConfig(); only registered layers can be saved with their config.`,
    );
  }

  /**
   * Frees this module's parameters, then each sub-module through its own `dispose`, so the
   * tensors a layer keeps besides its parameters (e.g. the sinusoidal position table) go too.
   */
  dispose(): void {
    for (const p of this.params.values()) p.dispose();
    for (const child of this.childModules.values()) child.dispose();
  }
}

/** An ordered list of modules, registered as '0', '1', ... like `torch.nn.ModuleList`. */
export class ModuleList<M extends Module = Module> extends Module {
  readonly items: M[] = [];

  constructor(modules: M[] = []) {
    super();
    for (const m of modules) this.push(m);
  }

  /** Appends a module, registered under its index. */
  push(module: M): void {
    this.addModule(String(this.items.length), module);
    this.items.push(module);
  }

  /** Number of modules. */
  get length(): number {
    return this.items.length;
  }

  /** The module at index `i`; throws a RangeError outside [0, length). */
  get(i: number): M {
    const m = this.items[i];
    if (!m) throw new RangeError(`ModuleList index ${i} out of range [0, ${this.items.length}).`);
    return m;
  }

  /** Iterates the modules in order. */
  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}
