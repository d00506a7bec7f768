// Data-parallel training over worker_threads: one tfjs backend per thread, gradients summed
// into replica 0 (the Trainer's thread) every step, parameters copied back out after each
// update. Two replicas on two cores roughly halve a step (each computes half the batch).
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs-core';
import type { GradientWorkers, ShardContext, ShardGradients } from './gradient_workers.js';
import { layoutOf, type ParameterSlot, slotView } from './layout.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import { shardRows } from './shard_rows.js';

/** Options of `DataParallel.start`. */
export interface DataParallelOptions<B> {
  /**
   * The replica module (path, file URL or `URL`), which exports a `ReplicaFactory`; each worker
   * imports it and calls the factory once.
   */
  module: string | URL;
  /** Name of the factory export (default `createReplica`). */
  exportName?: string;
  /** Passed to the factory in every worker (structured-cloneable: numbers, strings, arrays...). */
  options?: unknown;
  /** Replicas in all, this thread included (default: the number of cores, `os.availableParallelism()`). */
  replicas?: number;
  /** Splits a batch into parts (default `shardRows`: rows of `batchSize`-row typed arrays). */
  shard?: (batch: B, index: number, count: number) => B | undefined;
}

interface Pending {
  resolve: (result: ShardGradients) => void;
  reject: (error: Error) => void;
}

interface WorkerSlot {
  worker: Worker;
  rank: number;
  grads?: SharedArrayBuffer;
  pending: Map<number, Pending>;
  /** Set when the worker failed outside a step (start-up, layout, exit). */
  failure?: Error;
}

/**
 * Worker threads that compute the gradients of their part of each batch for a `Trainer`
 * (`new Trainer({ ..., parallel })`). Close it when done (`await parallel.close()`).
 *
 * @example
 * const parallel = await DataParallel.start({ module: new URL('./replica.js', import.meta.url), options });
 * const { model, forward } = await createReplica(options, { rank: 0, replicas: parallel.replicas });
 * const trainer = new Trainer({ model, forward, optimizer, parallel });
 * await trainer.fit(batches, { epochs: 3 });
 * await parallel.close();
 */
export class DataParallel<B = unknown> implements GradientWorkers<B> {
  readonly replicas: number;
  /** The loss the replicas compute (checked against the trainer's). */
  lossName: string | undefined;
  private readonly workers: WorkerSlot[];
  private readonly shardFn: (batch: B, index: number, count: number) => B | undefined;
  private slots: ParameterSlot[] | undefined;
  /** The slots by parameter name (built with the layout). */
  private slotByName = new Map<string, ParameterSlot>();
  private trainable: string[] | undefined;
  private params: SharedArrayBuffer | undefined;
  private version = 0;
  private nextId = 0;
  private closed = false;

  private constructor(options: DataParallelOptions<B>, replicas: number) {
    this.replicas = replicas;
    this.shardFn = options.shard ?? (shardRows as (b: B, i: number, n: number) => B | undefined);
    const moduleUrl = toModuleUrl(options.module);
    this.workers = [];
    for (let rank = 1; rank < replicas; rank++) {
      const workerData: WorkerInit = {
        moduleUrl,
        exportName: options.exportName ?? 'createReplica',
        options: options.options,
        rank,
        replicas,
      };
      const worker = new Worker(new URL('./replica_worker.js', import.meta.url), { workerData });
      this.workers.push({ worker, rank, pending: new Map() });
    }
  }

  /** Starts `replicas - 1` workers and waits until each has built its model. */
  static async start<B = unknown>(options: DataParallelOptions<B>): Promise<DataParallel<B>> {
    const replicas = options.replicas ?? availableParallelism();
    if (!(Number.isInteger(replicas) && replicas >= 1)) {
      throw new Error(`DataParallel: replicas must be an integer >= 1, got ${options.replicas}.`);
    }
    const parallel = new DataParallel<B>(options, replicas);
    try {
      const names = await Promise.all(parallel.workers.map((w) => parallel.listen(w)));
      parallel.lossName = names[0];
      // Idle workers do not keep the process alive (a forgotten close() cannot hang it);
      // a worker is ref'd while it has work.
      for (const w of parallel.workers) w.worker.unref();
    } catch (error) {
      await parallel.close();
      throw error;
    }
    return parallel;
  }

  shard(batch: B, index: number, count: number): B | undefined {
    return this.shardFn(batch, index, count);
  }

  syncParameters(params: ReadonlyArray<readonly [string, tf.Variable]>): void {
    this.assertOpen();
    const floats = params.filter(([, v]) => v.dtype === 'float32');
    const trainable = floats.filter(([, v]) => v.trainable).map(([name]) => name);
    if (this.slots === undefined || !sameLayout(this.slots, floats, this.trainable!, trainable)) {
      const { slots, total } = layoutOf(floats.map(([name, v]) => ({ name, shape: v.shape })));
      this.slots = slots;
      this.slotByName = new Map(slots.map((slot) => [slot.name, slot]));
      this.trainable = trainable;
      this.params = new SharedArrayBuffer(total * 4);
      for (const w of this.workers) {
        w.grads = new SharedArrayBuffer(total * 4);
        const message: ToWorker = {
          type: 'layout',
          slots,
          trainable,
          params: this.params,
          grads: w.grads,
        };
        w.worker.postMessage(message);
      }
    }
    const slots = this.slots;
    floats.forEach(([, v], i) => {
      slotView(this.params!, slots[i]!).set(v.dataSync() as Float32Array);
    });
    this.version += 1;
  }

  compute(shards: ReadonlyArray<B | undefined>, ctx: ShardContext): Promise<ShardGradients[]> {
    this.assertOpen();
    if (this.slots === undefined) {
      return Promise.reject(new Error('DataParallel: syncParameters must precede compute.'));
    }
    if (shards.length > this.workers.length) {
      throw new Error(
        `DataParallel: ${shards.length} shards for ${this.workers.length} worker(s).`,
      );
    }
    const results: Promise<ShardGradients>[] = [];
    shards.forEach((batch, i) => {
      if (batch === undefined) return;
      const w = this.workers[i]!;
      if (w.failure) {
        results.push(Promise.reject(w.failure));
        return;
      }
      const id = this.nextId++;
      w.worker.ref();
      results.push(
        new Promise<ShardGradients>((resolve, reject) => {
          w.pending.set(id, { resolve, reject });
        }).finally(() => {
          if (w.pending.size === 0) w.worker.unref();
        }),
      );
      const message: ToWorker = {
        type: 'step',
        id,
        batch,
        seed: ctx.seeds[i]!,
        step: ctx.step,
        epoch: ctx.epoch,
        version: this.version,
      };
      w.worker.postMessage(message);
    });
    return Promise.all(results);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('DataParallel: closed while a step was running.');
    for (const w of this.workers) {
      for (const p of w.pending.values()) p.reject(error);
      w.pending.clear();
    }
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  /** `await using parallel = await DataParallel.start(...)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('DataParallel: used after close().');
  }

  /** Wires a worker's messages; resolves with its loss name when its factory has run. */
  private listen(slot: WorkerSlot): Promise<string> {
    return new Promise<string>((resolveReady, rejectReady) => {
      let started = false;
      const failAll = (error: Error) => {
        slot.failure ??= error;
        if (!started) rejectReady(error);
        for (const p of slot.pending.values()) p.reject(error);
        slot.pending.clear();
      };
      slot.worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          started = true;
          resolveReady(message.lossName);
          return;
        }
        if (message.type === 'error') {
          const error = new Error(`replica ${slot.rank}: ${message.message}`);
          if (message.stack) error.stack = `${error.message}\n(in the worker) ${message.stack}`;
          const p = message.id !== undefined ? slot.pending.get(message.id) : undefined;
          if (p === undefined) return failAll(error);
          slot.pending.delete(message.id!);
          return p.reject(error);
        }
        const p = slot.pending.get(message.id);
        if (p === undefined) return;
        slot.pending.delete(message.id);
        const grads = new Map<string, Float32Array>();
        for (const name of message.present)
          grads.set(name, slotView(slot.grads!, this.slotByName.get(name)!));
        p.resolve({
          lossSum: message.lossSum,
          weight: message.weight,
          logits: message.logits,
          logitsShape: message.logitsShape,
          grads,
        });
      });
      slot.worker.on('error', (error) => failAll(error));
      slot.worker.on('exit', (code) => {
        if (!this.closed)
          failAll(new Error(`replica ${slot.rank}: its worker exited (code ${code}).`));
      });
    });
  }
}

function toModuleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^(file|data):/.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
}

function sameLayout(
  slots: ParameterSlot[],
  floats: ReadonlyArray<readonly [string, tf.Variable]>,
  trainableBefore: string[],
  trainable: string[],
): boolean {
  return (
    slots.length === floats.length &&
    floats.every(
      ([name, v], i) =>
        slots[i]!.name === name &&
        slots[i]!.shape.length === v.shape.length &&
        slots[i]!.shape.every((d, k) => d === v.shape[k]),
    ) &&
    trainableBefore.length === trainable.length &&
    trainableBefore.every((n, i) => n === trainable[i])
  );
}
