// Trainer.fit: learning, accumulation, class weights, multi-label, errors and predict.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Batch,
  batches,
  CLASSES,
  DEV,
  FEATURES,
  forward,
  Mlp,
  maxAbsDiff,
  TRAIN,
} from '../test/trainer_fixture.js';
import { JsonlLogger } from './callbacks/jsonl_logger.js';
import type { StepEvent } from './events.js';
import { SigmoidCrossEntropy } from './losses/sigmoid_cross_entropy.js';
import { SoftmaxCrossEntropy } from './losses/softmax_cross_entropy.js';
import { Accuracy } from './metrics/accuracy.js';
import { ConfusionMatrix } from './metrics/confusion_matrix.js';
import { Adam } from './optimizers/adam.js';
import { AdamW } from './optimizers/adamw.js';
import { SGD } from './optimizers/sgd.js';
import { Trainer } from './trainer.js';
import type { StepContext } from './types.js';

let tmp: string;

beforeAll(async () => {
  await initWasm();
  tmp = mkdtempSync(join(tmpdir(), 'tfnlp-train-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Trainer.fit', () => {
  it('learns, reports progress events, logs JSONL, and leaks no tensor per step', async () => {
    const model = new Mlp(1);
    const logFile = join(tmp, 'log.jsonl');
    const trainer = new Trainer({
      model,
      forward: forward(0.1),
      optimizer: new AdamW({ lr: 0.03 }),
      seed: 7,
      callbacks: [new JsonlLogger(logFile)],
      metrics: () => [new Accuracy(), new ConfusionMatrix(CLASSES)],
    });
    const steps: StepEvent[] = [];
    const tensors: number[] = [];
    trainer.on('step', (e) => {
      steps.push(e);
      tensors.push(tf.memory().numTensors);
    });
    const epochs: number[] = [];
    trainer.on('epoch', (e) => epochs.push(e.epoch));
    const before = await trainer.evaluate(batches(DEV, 64));
    const result = await trainer.fit(batches(TRAIN, 32), {
      epochs: 4,
      validation: batches(DEV, 64),
    });
    expect(result.stopReason).toBe('completed');
    expect(result.step).toBe(32);
    expect(epochs).toEqual([0, 1, 2, 3]);
    expect(result.history).toHaveLength(4);
    const last = result.history.at(-1)!;
    expect(last.val_accuracy).toBeGreaterThan(0.8);
    expect(last.val_accuracy).toBeGreaterThan(before.accuracy! + 0.3);
    expect(last.val_loss).toBeLessThan(before.loss!);
    expect(last).toHaveProperty('val_macro_f1');
    // Progress events.
    const e = steps.at(-1)!;
    expect(e).toMatchObject({ epoch: 3, epochs: 4, step: 32, stepInEpoch: 8, stepsPerEpoch: 8 });
    expect(e.samples).toBe(256);
    expect(e.samplesPerSecond).toBeGreaterThan(0);
    expect(e.etaSeconds).toBe(0);
    expect(steps[10]!.etaSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(e.loss) && Number.isFinite(e.gradNorm)).toBe(true);
    expect(e.metrics.accuracy).toBeGreaterThan(0.5);
    // No tensor leak from step to step.
    expect(new Set(tensors.slice(1)).size).toBe(1);
    // JSONL log.
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'step')).toHaveLength(32);
    expect(lines.filter((l) => l.type === 'epoch')).toHaveLength(4);
    expect(lines.at(-1)).toMatchObject({ type: 'stop', reason: 'completed' });
    expect(typeof lines[0].time).toBe('string');
    model.dispose();
  });

  it('k micro-batches with accumulation == one big batch (within 1e-6), class weights included', async () => {
    const run = async (size: number, accumulationSteps: number) => {
      const model = new Mlp(3);
      const trainer = new Trainer({
        model,
        forward: forward(),
        optimizer: new SGD({ lr: 0.5, momentum: 0.9 }),
        loss: new SoftmaxCrossEntropy({ classWeights: [1, 3, 0.5], labelSmoothing: 0.1 }),
        accumulationSteps,
        maxGradNorm: 1,
        metrics: () => [],
      });
      // Same order for both runs: the unshuffled data.
      await trainer.fit(batches(TRAIN, size)({ epoch: 0, seed: 0 }).slice(0, (64 / size) * 3), {
        epochs: 1,
      });
      const values = model.values();
      model.dispose();
      return values;
    };
    const big = await run(64, 1);
    const micro = await run(16, 4);
    expect(maxAbsDiff(big, micro)).toBeLessThan(1e-6);
    const again = await run(64, 1);
    expect(maxAbsDiff(big, again)).toBe(0); // deterministic
    const init = new Mlp(3);
    expect(maxAbsDiff(big, init.values())).toBeGreaterThan(0.01); // and it did train
    init.dispose();
  });

  it('class weights move the decision towards the rare class', async () => {
    // 1-D feature x ~ N(label, 1); 90 % of the examples are class 0.
    const rng = new Rng(5);
    const n = 400;
    const x = new Float32Array(n * FEATURES);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 10 === 0 ? 1 : 0;
      const u = Math.max(rng.random(), 1e-12);
      const gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.random());
      x[i * FEATURES] = labels[i]! * 1.5 + gauss;
    }
    const recallOfRare = async (classWeights?: number[]) => {
      const model = new Mlp(4, 4);
      const cm = new ConfusionMatrix(CLASSES);
      const trainer = new Trainer({
        model,
        forward: forward(),
        optimizer: new Adam({ lr: 0.05 }),
        loss: new SoftmaxCrossEntropy({ classWeights }),
        metrics: () => [],
      });
      const data = batches({ x, labels }, 100);
      await trainer.fit(data, { epochs: 30 });
      await trainer.evaluate(data, { metrics: [cm] });
      model.dispose();
      return cm.report().perClass[1]!.recall;
    };
    const plain = await recallOfRare();
    const weighted = await recallOfRare([1, 9, 1]);
    expect(plain).toBeLessThan(0.5); // 0.3 here
    expect(weighted).toBeGreaterThan(plain + 0.3); // 0.85 here
  });

  it('a last, smaller accumulation group still updates; a one-shot generator is refused clearly', async () => {
    const model = new Mlp(1);
    const trainer = new Trainer({
      model,
      forward: forward(),
      optimizer: new SGD({ lr: 0.1 }),
      accumulationSteps: 3,
    });
    const result = await trainer.fit(batches(TRAIN, 32), { epochs: 2 }); // 8 micro-batches
    expect(result.step).toBe(6); // 3 + 3 + 2, twice
    async function* once() {
      yield* batches(TRAIN, 32)({ epoch: 0, seed: 0 });
    }
    const gen = once();
    const other = new Trainer({ model, forward: forward(), optimizer: new SGD({ lr: 0.1 }) });
    await expect(other.fit(gen, { epochs: 2 })).rejects.toThrow(
      /epoch 2 had no batches.*pass a function \(\{ epoch, seed \}\) => batches/,
    );
    model.dispose();
  });

  it('multi-label: sigmoid cross-entropy with 0/1 targets and element accuracy', async () => {
    const model = new Mlp(8);
    // Targets: feature c > 0 for each of the 3 outputs.
    const targets = (b: Batch) =>
      Float32Array.from({ length: b.labels.length * CLASSES }, (_, i) =>
        b.x[Math.floor(i / CLASSES) * FEATURES + (i % CLASSES)]! > 0 ? 1 : 0,
      );
    const trainer = new Trainer({
      model,
      forward: forward(),
      optimizer: new Adam({ lr: 0.03 }),
      loss: new SigmoidCrossEntropy(),
      labels: targets,
      metrics: () => [new Accuracy(true)],
    });
    const before = await trainer.evaluate(batches(DEV, 64));
    const { history } = await trainer.fit(batches(TRAIN, 32), {
      epochs: 5,
      validation: batches(DEV, 64),
    });
    expect(history.at(-1)!.val_loss).toBeLessThan(0.7 * before.loss!);
    expect(history.at(-1)!.val_accuracy).toBeGreaterThan(0.85);
    model.dispose();
  });

  it('an error in forward propagates and leaves no tensor behind (mid-accumulation)', async () => {
    const model = new Mlp(1);
    const base = forward();
    let calls = 0;
    const trainer = new Trainer({
      model,
      forward: (m: Mlp, b: Batch, ctx: StepContext) => {
        calls += 1; // the 8th call is the 2nd micro-batch of update 4: gradients are pending
        if (calls === 8) throw new Error('boom in forward');
        return base(m, b, ctx);
      },
      optimizer: new SGD({ lr: 0.1, momentum: 0.9 }),
      accumulationSteps: 2,
    });
    const before = tf.memory().numTensors;
    await expect(trainer.fit(batches(TRAIN, 16), { epochs: 1 })).rejects.toThrow('boom in forward');
    expect(trainer.step).toBe(3);
    expect(tf.memory().numTensors).toBe(before + 4); // the 4 momentum buffers, nothing else
    trainer.optimizer.dispose();
    model.dispose();
  });

  it('accepts a model whose namedParameters() is a Map; refuses duplicate names', async () => {
    const mlp = new Mlp(1);
    const model = { namedParameters: () => new Map(mlp.params) };
    const trainer = new Trainer({
      model,
      forward: (_m, b: Batch, ctx) => forward()(mlp, b, ctx),
      optimizer: new SGD({ lr: 0.1 }),
    });
    const before = mlp.values();
    expect((await trainer.fit(batches(TRAIN, 64), { epochs: 1 })).step).toBe(4);
    expect(mlp.values()).not.toEqual(before);
    const twice = { namedParameters: () => [mlp.params[0]!, mlp.params[0]!] };
    const bad = new Trainer({
      model: twice,
      forward: (_m, b: Batch, ctx) => forward()(mlp, b, ctx),
      optimizer: new SGD({ lr: 0.1 }),
    });
    await expect(bad.fit(batches(TRAIN, 64), { epochs: 1 })).rejects.toThrow(
      /two parameters are named 'hidden\/kernel'/,
    );
    mlp.dispose();
  });

  it('predict returns logits and classes in order; errors say what to do', async () => {
    const model = new Mlp(1);
    const trainer = new Trainer({ model, forward: forward(), optimizer: new SGD({ lr: 0.1 }) });
    const out = await trainer.predict(batches(DEV, 50)({ epoch: 0, seed: 1 }));
    expect(out.rows).toBe(128);
    expect(out.classes).toBe(3);
    expect(out.logits).toHaveLength(384);
    expect(out.predictions[0]).toBe(
      out.logits.subarray(0, 3).indexOf(Math.max(...out.logits.subarray(0, 3))),
    );
    const noLabels = new Trainer({
      model,
      forward: (m: Mlp, b: { x: Float32Array }, ctx) =>
        forward()(m, { x: b.x, labels: new Int32Array(32) }, ctx),
      optimizer: new SGD({ lr: 0.1 }),
    });
    await expect(
      noLabels.fit([{ x: new Float32Array(32 * FEATURES) }], { epochs: 1 }),
    ).rejects.toThrow(/no `labels`; pass `labels: \(batch\) => \.\.\.`/);
    await expect(trainer.fit([], { epochs: 1, resume: true })).rejects.toThrow(/resume needs/);
    model.dispose();
  });
});
