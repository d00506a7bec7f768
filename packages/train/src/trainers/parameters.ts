// Parameters by name: listing (unique names), snapshot and restore.
import * as tf from '@tensorflow/tfjs-core';
import type { TensorData } from '../checkpoint/tensor_data.js';
import type { TrainableModule } from '../types.js';
import { sameShape, tensorData } from './run_state.js';

/** Saved parameter values by name. */
export type SavedValues = ReadonlyMap<
  string,
  { shape: number[]; values: Float32Array | Int32Array }
>;

/** The model's parameters by name, checked to be unique. */
export function namedParameters(model: TrainableModule): Array<readonly [string, tf.Variable]> {
  const params = [...model.namedParameters()];
  const seen = new Set<string>();
  for (const [name] of params) {
    if (seen.has(name)) {
      throw new Error(`Trainer: two parameters are named '${name}'; names must be unique.`);
    }
    seen.add(name);
  }
  return params;
}

/** A copy of every parameter's values, by name. */
export function snapshotParameters(
  params: Array<readonly [string, tf.Variable]>,
): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  for (const [name, v] of params) out.set(name, tensorData(v));
  return out;
}

/** Assigns saved values to every parameter (each must be there, with the same shape). */
export function restoreParameters(
  params: Array<readonly [string, tf.Variable]>,
  values: SavedValues,
): void {
  for (const [name, v] of params) {
    const saved = values.get(name);
    if (saved === undefined) {
      throw new Error(
        `Trainer: no saved value for parameter '${name}'; was it saved from another model?`,
      );
    }
    if (!sameShape(saved.shape, v.shape)) {
      throw new Error(
        `Trainer: saved '${name}' has shape [${saved.shape}], the model's is [${v.shape}].`,
      );
    }
    tf.tidy(() => v.assign(tf.tensor(saved.values, saved.shape, v.dtype)));
  }
}
