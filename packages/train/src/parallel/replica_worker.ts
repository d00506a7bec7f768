// A replica's thread: builds the model with the user's factory, then for each step message
// loads replica 0's parameters (when they changed), computes the gradients of its shard's loss
// sum and writes them into its shared gradient buffer.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import type { Loss } from '../losses/loss.js';
import { SoftmaxCrossEntropy } from '../losses/softmax_cross_entropy.js';
import { reseedDropout } from '../trainers/dropout_seed.js';
import type { StepContext, TrainableModule } from '../types.js';
import { type ParameterSlot, slotView } from './layout.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import type { Replica, ReplicaFactory } from './replica.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (message: FromWorker) => port.postMessage(message);

interface Layout {
  slots: ParameterSlot[];
  /** The model's variables in slot order. */
  variables: tf.Variable[];
  trainable: tf.Variable[];
  trainableSlots: ParameterSlot[];
  /** Trainable slots by tf variable name (how variableGrads keys its gradients). */
  slotOfVariable: Map<string, ParameterSlot>;
  params: SharedArrayBuffer;
  grads: SharedArrayBuffer;
}

let replica: Replica<TrainableModule, unknown>;
let loss: Loss;
let layout: Layout | undefined;
let version = -1;

function fail(error: unknown, id?: number): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', id, message: e.message, stack: e.stack });
}

function setLayout(message: Extract<ToWorker, { type: 'layout' }>): void {
  const own = new Map(replica.model.namedParameters());
  const variables = message.slots.map((slot) => {
    const v = own.get(slot.name);
    if (v === undefined) {
      throw new Error(
        `replica ${init.rank}: its model has no parameter '${slot.name}'; the replica factory ` +
          'must build the same model as the trainer.',
      );
    }
    if (v.shape.length !== slot.shape.length || v.shape.some((d, i) => d !== slot.shape[i])) {
      throw new Error(
        `replica ${init.rank}: parameter '${slot.name}' has shape [${v.shape}], replica 0's is ` +
          `[${slot.shape}]; build the model from the same options.`,
      );
    }
    return v;
  });
  const trainableNames = new Set(message.trainable);
  const trainableSlots = message.slots.filter((s) => trainableNames.has(s.name));
  layout = {
    slots: message.slots,
    variables,
    trainable: trainableSlots.map((s) => own.get(s.name)!),
    trainableSlots,
    slotOfVariable: new Map(trainableSlots.map((slot) => [own.get(slot.name)!.name, slot])),
    params: message.params,
    grads: message.grads,
  };
  version = -1;
}

function loadParameters(l: Layout): void {
  l.slots.forEach((slot, i) => {
    const v = l.variables[i]!;
    // tf.tensor copies the view into the backend before assign returns.
    tf.tidy(() => v.assign(tf.tensor(slotView(l.params, slot), slot.shape, 'float32')));
  });
}

function step(message: Extract<ToWorker, { type: 'step' }>): void {
  const l = layout;
  if (l === undefined) throw new Error('replica: a step arrived before the parameter layout');
  if (message.version !== version) {
    loadParameters(l);
    version = message.version;
  }
  const batch = message.batch;
  const labels = replica.labels
    ? replica.labels(batch)
    : (batch as { labels: Parameters<SoftmaxCrossEntropy['compute']>[1] }).labels;
  const ctx: StepContext = {
    training: true,
    seed: message.seed,
    rng: new Rng(message.seed),
    step: message.step,
    epoch: message.epoch,
  };
  reseedDropout(replica.model, ctx.seed); // as the trainer's thread does for its shard
  let weight = 0;
  let logits: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = replica.forward(replica.model, batch, ctx);
    const shardLoss = loss.compute(out, labels);
    weight = shardLoss.weight;
    logits = tf.keep(out);
    return shardLoss.sum;
  }, l.trainable);
  const present: string[] = [];
  for (const [variableName, grad] of Object.entries(grads)) {
    const slot = l.slotOfVariable.get(variableName)!;
    slotView(l.grads, slot).set(grad.dataSync() as Float32Array);
    present.push(slot.name);
  }
  const lossSum = value.dataSync()[0]!;
  const logitValues = new Float32Array(logits!.dataSync() as Float32Array);
  const logitsShape = [...logits!.shape];
  tf.dispose([value, logits!, ...Object.values(grads)]);
  post({
    type: 'grads',
    id: message.id,
    lossSum,
    weight,
    logits: logitValues,
    logitsShape,
    present,
  });
}

try {
  const module = (await import(init.moduleUrl)) as Record<string, unknown>;
  const factory = module[init.exportName] as ReplicaFactory<TrainableModule, unknown> | undefined;
  if (typeof factory !== 'function') {
    throw new Error(
      `DataParallel: ${init.moduleUrl} has no exported function '${init.exportName}'; export ` +
        `'async function ${init.exportName}(options, { rank, replicas })' that returns ` +
        '{ model, forward }.',
    );
  }
  replica = await factory(init.options, { rank: init.rank, replicas: init.replicas });
  replica.model.train?.();
  loss = replica.loss ?? new SoftmaxCrossEntropy();
  post({ type: 'ready', lossName: loss.name });
} catch (error) {
  fail(error);
}

port.on('message', (message: ToWorker) => {
  try {
    if (message.type === 'layout') setLayout(message);
    else step(message);
  } catch (error) {
    fail(error, message.type === 'step' ? message.id : undefined);
  }
});
