// One optimizer update from the accumulated gradients: mean over the batch weight, global-norm
// clipping, the schedule's lr, the optimizer step and the training metrics.
import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm, globalNorm } from '../clip.js';
import type { StepEvent } from '../events.js';
import type { MeanLoss } from '../metrics/mean.js';
import type { Metric } from '../metrics/metric.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { LRSchedule } from '../schedules/schedule.js';
import type { PendingUpdate } from './accumulation.js';
import { allFinite } from './nan_policy.js';
import { mergeResults, type Progress, toOutputs } from './run_state.js';

/** What an update needs of the trainer. */
export interface UpdateContext {
  optimizer: Optimizer;
  schedule: LRSchedule | undefined;
  /** Global-norm clipping threshold (`torch.nn.utils.clip_grad_norm_`'s max_norm). */
  maxGradNorm: number | undefined;
  /** Check the parameters are finite after every update (one fused readback). */
  checkFinite: boolean;
  trainLoss: MeanLoss;
  trainMetrics: Metric[];
  progress: Progress;
}

/** How the update went: applied (with its numbers) or skipped because something was non-finite. */
export type UpdateOutcome =
  | { applied: true; batchLoss: number; gradNorm: number; lr: number; samples: number }
  | { applied: false; what: string };

/** Applies one update from `pending` (which the caller disposes) unless loss or norm is non-finite. */
export async function applyUpdate(
  pending: PendingUpdate,
  params: Array<readonly [string, tf.Variable]>,
  c: UpdateContext,
): Promise<UpdateOutcome> {
  const p = c.progress;
  let lossSum = 0;
  for (const s of pending.sums) lossSum += (await s.data())[0]!;
  const batchLoss = pending.weight > 0 ? lossSum / pending.weight : 0;
  const scale = pending.weight > 0 ? 1 / pending.weight : 0;
  const scaled = new Map<string, tf.Tensor>();
  for (const [name, g] of pending.grads) scaled.set(name, tf.mul(g, scale));
  let grads = scaled;
  let normTensor: tf.Scalar;
  if (c.maxGradNorm !== undefined) {
    const clipped = clipByGlobalNorm(scaled, c.maxGradNorm);
    grads = clipped.grads;
    normTensor = clipped.norm;
  } else {
    normTensor = globalNorm(scaled.values());
  }
  const gradNorm = (await normTensor.data())[0]!;
  normTensor.dispose();
  const finite = Number.isFinite(batchLoss) && Number.isFinite(gradNorm);
  const lr = c.schedule ? c.schedule.lrAt(p.step) : c.optimizer.lr;
  let paramsFinite = true;
  if (finite) {
    // Copies of the values before the update (one memcpy per parameter on wasm), for an undo.
    const before = c.checkFinite ? params.map(([, v]) => tf.clone(v)) : [];
    try {
      c.optimizer.lr = lr;
      c.optimizer.step(params, grads);
      if (c.checkFinite) {
        paramsFinite = await allFinite(params.map(([, v]) => v));
        if (!paramsFinite) {
          for (const [i, [, v]] of params.entries()) v.assign(before[i]!); // undo the update
        }
      }
    } finally {
      tf.dispose(before);
    }
  }
  tf.dispose([...scaled.values()]);
  if (grads !== scaled) tf.dispose([...grads.values()]);
  if (!finite) {
    return {
      applied: false,
      what: `non-finite loss (${batchLoss}) or gradient norm (${gradNorm})`,
    };
  }
  if (!paramsFinite) {
    return {
      applied: false,
      what: `non-finite parameters after the update (lr ${lr}, gradient norm ${gradNorm}); the parameters were restored`,
    };
  }
  // Metrics from the logits of each micro-batch: the only readback of logits, none without metrics.
  if (c.trainMetrics.length > 0) {
    for (let i = 0; i < pending.logits.length; i++) {
      const logits = pending.logits[i]!; // [batch, classes]
      const outputs = toOutputs(await logits.data(), logits.shape, pending.labels[i]!);
      for (const m of c.trainMetrics) m.update(outputs);
    }
  }
  c.trainLoss.add(batchLoss, pending.weight);
  return { applied: true, batchLoss, gradNorm, lr, samples: pending.samples };
}

/** The step event of an applied update (`progress` already counts it). */
export function stepEvent(
  c: UpdateContext,
  u: { batchLoss: number; gradNorm: number; lr: number },
  epochs: number,
  elapsedSeconds: number,
  stepsThisRun: number,
): StepEvent {
  const p = c.progress;
  let eta: number | undefined;
  const spe = p.stepsPerEpoch;
  if (spe !== null && spe > 0) {
    const remaining = Math.max(0, spe - p.stepInEpoch) + spe * (epochs - p.epoch - 1);
    eta = (elapsedSeconds / stepsThisRun) * remaining;
  }
  return {
    type: 'step',
    epoch: p.epoch,
    epochs,
    step: p.step,
    stepInEpoch: p.stepInEpoch,
    stepsPerEpoch: spe ?? undefined,
    samples: p.samplesInEpoch,
    samplesPerSecond: 0,
    batchLoss: u.batchLoss,
    loss: c.trainLoss.result().loss!,
    metrics: mergeResults(c.trainMetrics),
    lr: u.lr,
    gradNorm: u.gradNorm,
    elapsedSeconds,
    etaSeconds: eta,
  };
}
