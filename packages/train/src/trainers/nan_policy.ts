import * as tf from '@tensorflow/tfjs-core';

// NaN policy: what the trainer does when an update would be non-finite.

/** `throw` rejects the fit with a `NonFiniteError`; `stop` ends it quietly (reason 'non-finite'). */
export type NonFinitePolicy = 'throw' | 'stop';

/** The one-line account of a skipped non-finite update, naming the checkpoint to resume from. */
export function nonFiniteMessage(
  what: string,
  where: { epoch: number; step: number },
  lastCheckpoint: string | undefined,
): string {
  return (
    `@tfnlp/train: ${what} at epoch ${where.epoch + 1}, update ${where.step + 1}; ` +
    'the update was not applied and training stopped. ' +
    (lastCheckpoint !== undefined
      ? `The last good checkpoint, ${lastCheckpoint}, is kept: resume from it `
      : 'No checkpoint had been written: restart ') +
    'with a lower learning rate or maxGradNorm, and check the batch for bad inputs or labels.'
  );
}

/**
 * One fused check that every parameter is finite: (sum over every tensor of its sum) * 0 is 0
 * when all values are finite and NaN otherwise (a NaN or Inf anywhere makes the total NaN or
 * Inf, and Inf * 0 = NaN). One pass per tensor and one scalar read back. A total beyond the
 * float32 range (weights around 1e33 and more, which no working model has) also counts as
 * non-finite.
 */
export async function allFinite(variables: readonly tf.Tensor[]): Promise<boolean> {
  const floats = variables.filter((v) => v.dtype === 'float32'); // int32 is always finite
  if (floats.length === 0) return true;
  const probe = tf.tidy(() => tf.mul(tf.addN(floats.map((v) => tf.sum(v))), 0));
  const [value] = await probe.data();
  probe.dispose();
  return value === 0;
}

/** The name of the first tensor holding a NaN or infinite value, or undefined. */
export function firstNonFinite(
  tensors: Iterable<readonly [string, { values: Float32Array | Int32Array }]>,
): string | undefined {
  for (const [name, t] of tensors) {
    if (!(t.values instanceof Float32Array)) continue;
    for (const x of t.values) if (!Number.isFinite(x)) return name;
  }
  return undefined;
}
