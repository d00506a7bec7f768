// Gradient accumulation: micro-batch gradients of the loss *sum* add up in a PendingUpdate, so
// N micro-batches give the gradient of one N-times-bigger batch (divided by the total weight
// when the update is applied).
import * as tf from '@tensorflow/tfjs-core';
import type { Labels, Loss } from '../losses/loss.js';
import type { ForwardFn, StepContext, TrainableModule } from '../types.js';
import { reseedDropout } from './dropout_seed.js';

/** The gradients, loss sums and logits gathered for one optimizer update. */
export interface PendingUpdate {
  /** Sum of the micro-batch gradients of the loss sums, by parameter name. */
  grads: Map<string, tf.Tensor>;
  sums: tf.Tensor[];
  /** Logits of each micro-batch, [rows, ...classes]; only gathered when train metrics read them. */
  logits: tf.Tensor[];
  labels: Labels[];
  weight: number;
  /** Examples (logit rows) gathered, counted from shapes so no logits need reading back. */
  samples: number;
  /** Micro-batches accumulated. */
  count: number;
}

/** What computing one batch's gradients needs of the trainer. */
export interface GradientContext<M extends TrainableModule, B> {
  model: M;
  forward: ForwardFn<M, B>;
  loss: Loss;
  labelsOf: (batch: B) => Labels;
  /** The trained variables and their parameter names (by tf variable name). */
  variables: tf.Variable[];
  nameOfVariable: Map<string, string>;
  /**
   * Keep each micro-batch's logits (and labels) for the train metrics. False when there are none,
   * so a language model's [tokens, vocab] logits are freed on the backend, never read back.
   */
  keepLogits: boolean;
}

/** An update with nothing gathered yet. */
export function emptyPending(): PendingUpdate {
  return { grads: new Map(), sums: [], logits: [], labels: [], weight: 0, samples: 0, count: 0 };
}

/** pending.grads[name] += grad (takes ownership of `grad`). */
export function addGradient(pending: PendingUpdate, name: string, grad: tf.Tensor): void {
  const previous = pending.grads.get(name);
  if (previous === undefined) {
    pending.grads.set(name, grad);
    return;
  }
  pending.grads.set(name, tf.add(previous, grad));
  previous.dispose();
  grad.dispose();
}

/** Frees every tensor of `p` and empties it. */
export function disposePending(p: PendingUpdate): void {
  tf.dispose([...p.grads.values(), ...p.sums, ...p.logits]);
  p.grads.clear();
  p.sums = [];
  p.logits = [];
  p.labels = [];
  p.weight = 0;
  p.samples = 0;
  p.count = 0;
}

/**
 * Forward + backward of one batch (dropout reseeded from `ctx.seed` first): adds its gradients,
 * loss sum, sample count and (when `g.keepLogits`) logits and labels to `pending`.
 */
export function localGradients<M extends TrainableModule, B>(
  g: GradientContext<M, B>,
  batch: B,
  ctx: StepContext,
  pending: PendingUpdate,
): void {
  const labels = g.labelsOf(batch);
  reseedDropout(g.model, ctx.seed);
  let weight = 0;
  let rows = 0;
  let logits: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = g.forward(g.model, batch, ctx); // [batch, classes] or [batch]
    const loss = g.loss.compute(out, labels);
    weight = loss.weight;
    rows = out.shape[0] ?? 1;
    if (g.keepLogits) logits = tf.keep(out); // otherwise freed with the other intermediates
    return loss.sum;
  }, g.variables);
  for (const [variableName, grad] of Object.entries(grads)) {
    addGradient(pending, g.nameOfVariable.get(variableName)!, grad);
  }
  pending.sums.push(value);
  if (logits !== undefined) {
    pending.logits.push(logits);
    pending.labels.push(labels);
  }
  pending.weight += weight;
  pending.samples += rows;
}
