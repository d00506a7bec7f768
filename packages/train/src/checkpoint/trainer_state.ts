// The trainer's whole state as one safetensors file: parameters as `model/<name>` tensors, the
// rest (progress, Rng, optimizer slots, schedule, metrics, callbacks) as JSON in the metadata.
import type * as tf from '@tensorflow/tfjs-core';
import { decodeSafetensors, encodeSafetensors, type Rng, type RngState } from '@tfnlp/core';
import type { Callback } from '../callbacks/callback.js';
import type { MeanLoss } from '../metrics/mean.js';
import type { Metric } from '../metrics/metric.js';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';
import type { LRSchedule } from '../schedules/schedule.js';
import { firstNonFinite } from '../trainers/nan_policy.js';
import type { Progress } from '../trainers/run_state.js';
import { tensorData } from '../trainers/run_state.js';
import { decodeState, encodeState } from './state_codec.js';
import { fromSafetensorsTensor, type TensorData, toSafetensorsEntry } from './tensor_data.js';

/** Marks a safetensors file as a trainer checkpoint. */
export const CHECKPOINT_FORMAT = 'tfnlp-train-checkpoint';

/** What a checkpoint saves and restores (the Trainer's parts). */
export interface TrainerParts {
  seed: number;
  parameters(): Array<readonly [string, tf.Variable]>;
  restore(
    values: ReadonlyMap<string, { shape: number[]; values: Float32Array | Int32Array }>,
  ): void;
  rng: Rng;
  optimizer: Optimizer;
  schedule: LRSchedule | undefined;
  trainLoss: MeanLoss;
  trainMetrics: Metric[];
  callbacks: readonly Callback[];
}

/** Serialises model, optimizer, Rng, schedule, callbacks, metrics and data position. */
export function encodeTrainerState(parts: TrainerParts, progress: Progress): Uint8Array {
  const tensors = new Map<string, TensorData>();
  for (const [name, v] of parts.parameters()) tensors.set(`model/${name}`, tensorData(v));
  const callbacks: Record<string, unknown> = {};
  for (const cb of parts.callbacks) {
    if (cb.name !== undefined && cb.getState) callbacks[cb.name] = cb.getState();
  }
  const state = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    seed: parts.seed,
    progress,
    rng: parts.rng.getState(),
    optimizer: parts.optimizer.getState(),
    schedule: parts.schedule?.getState?.(),
    trainLoss: parts.trainLoss.getState(),
    trainMetrics: parts.trainMetrics.map((m) => ({ name: m.name, state: m.getState() })),
    callbacks,
  };
  const json = encodeState(state, 'state', tensors);
  const bad = firstNonFinite(tensors);
  if (bad !== undefined) {
    throw new Error(
      `Trainer: not writing a checkpoint: '${bad}' has NaN or infinite values ` +
        '(the last checkpoint written stays the last good one); lower the learning rate or set maxGradNorm.',
    );
  }
  const entries = [...tensors].map(([name, t]) => [name, toSafetensorsEntry(t)] as const);
  return encodeSafetensors(entries, { format: CHECKPOINT_FORMAT, state: JSON.stringify(json) });
}

/** The saved state of a checkpoint file, checked to be one. */
export interface DecodedState {
  seed: number;
  progress: Progress;
  rng: RngState;
  optimizer: OptimizerState;
  schedule: unknown;
  trainLoss: unknown;
  trainMetrics: Array<{ name: string; state: unknown }>;
  callbacks: Record<string, unknown>;
  /** The parameter values by parameter name. */
  model: Map<string, TensorData>;
}

/** Reads a checkpoint file's state without applying it. */
export function readTrainerState(bytes: Uint8Array): DecodedState {
  const decoded = decodeSafetensors(bytes);
  const metadata = decoded.metadata;
  if (metadata.format !== CHECKPOINT_FORMAT || metadata.state === undefined) {
    throw new Error('Trainer: this file is not a @tfnlp/train checkpoint (no trainer state).');
  }
  const tensors = new Map<string, TensorData>();
  for (const [name, t] of decoded.tensors) tensors.set(name, fromSafetensorsTensor(name, t));
  const state = decodeState(JSON.parse(metadata.state), tensors) as Omit<DecodedState, 'model'>;
  const model = new Map<string, TensorData>();
  for (const [name, t] of tensors) {
    if (name.startsWith('model/')) model.set(name.slice(6), t);
  }
  return { ...state, model };
}

/** Restores everything `encodeTrainerState` saved into `parts`; returns the saved progress. */
export function applyTrainerState(parts: TrainerParts, state: DecodedState): Progress {
  if (state.seed !== parts.seed) {
    throw new Error(
      `Trainer: the checkpoint was written with seed ${state.seed}, this trainer has seed ` +
        `${parts.seed}; resume with the same seed.`,
    );
  }
  parts.optimizer.setState(state.optimizer); // checks kind and hyper-parameters first
  parts.restore(state.model);
  parts.rng.setState(state.rng);
  if (state.schedule !== undefined) parts.schedule?.setState?.(state.schedule);
  parts.trainLoss.setState(state.trainLoss);
  state.trainMetrics.forEach(({ name, state: s }, i) => {
    const metric = parts.trainMetrics[i];
    if (metric === undefined || metric.name !== name) {
      throw new Error(
        `Trainer: the checkpoint has training metric '${name}' at position ${i}; ` +
          'resume with the same metrics.',
      );
    }
    metric.setState(s);
  });
  for (const cb of parts.callbacks) {
    const own = cb.name !== undefined && Object.hasOwn(state.callbacks ?? {}, cb.name);
    const s = own ? state.callbacks[cb.name!] : undefined;
    if (s !== undefined) cb.setState?.(s);
  }
  return structuredClone(state.progress);
}
