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
 * One fused check that every value of every variable is finite: sum over all of (v * 0), which
 * is 0 when all are finite and NaN otherwise (Inf * 0 = NaN); one scalar read back.
 */
export async function allFinite(variables: readonly tf.Tensor[]): Promise<boolean> {
  if (variables.length === 0) return true;
  const probe = tf.tidy(() =>
    tf.addN(
      variables.map((v) => tf.sum(tf.mul(v.dtype === 'float32' ? v : tf.cast(v, 'float32'), 0))),
    ),
  );
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
