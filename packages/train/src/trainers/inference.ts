// Inference: evaluate (mean loss + metrics) and predict (logits + classes), model in eval mode.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@tfnlp/core';
import type { Labels, Loss } from '../losses/loss.js';
import { MeanLoss } from '../metrics/mean.js';
import type { Metric, Outputs } from '../metrics/metric.js';
import { predictedClass } from '../metrics/metric.js';
import type { DataSource, ForwardFn, StepContext, TrainableModule } from '../types.js';
import { mergeResults, resolveSource, toOutputs } from './run_state.js';

/** What `Trainer.predict` resolves to: the outputs of every row of every batch, in order. */
export interface PredictResult {
  /** Row-major [rows, classes]. */
  logits: Float32Array;
  /** Rows (examples) predicted. */
  rows: number;
  /** Logits per row. */
  classes: number;
  /** Argmax per row (logit > 0 for one binary output). */
  predictions: Int32Array;
}

/** What inference needs of the trainer. */
export interface InferenceContext<M extends TrainableModule, B> {
  model: M;
  forward: ForwardFn<M, B>;
  loss: Loss;
  labelsOf: (batch: B) => Labels;
  rng: Rng;
  step: number;
  epoch: number;
}

/** Mean loss and metrics over the data (model in eval mode, no dropout). */
export async function evaluate<M extends TrainableModule, B>(
  c: InferenceContext<M, B>,
  data: DataSource<B>,
  metrics: Metric[],
): Promise<Record<string, number>> {
  for (const m of metrics) m.reset();
  const loss = new MeanLoss();
  await inference(c, data, (outputs) => {
    loss.add(outputs.loss!, outputs.lossWeight!);
    for (const m of metrics) m.update(outputs);
  });
  return { ...loss.result(), ...mergeResults(metrics) };
}

/** Logits and predicted classes for every row of the data, in order. */
export async function predict<M extends TrainableModule, B>(
  c: InferenceContext<M, B>,
  data: DataSource<B>,
): Promise<PredictResult> {
  const chunks: Float32Array[] = [];
  let classes = 0;
  let rows = 0;
  await inference(
    c,
    data,
    (outputs) => {
      chunks.push(outputs.logits);
      classes = outputs.classes;
      rows += outputs.batch;
    },
    false,
  );
  const logits = new Float32Array(rows * classes); // [rows, classes]
  let at = 0;
  for (const chunk of chunks) {
    logits.set(chunk, at);
    at += chunk.length;
  }
  const predictions = new Int32Array(rows);
  for (let r = 0; r < rows; r++) predictions[r] = predictedClass(logits, r, classes);
  return { logits, rows, classes, predictions };
}

/** Runs the forward (no gradients) over every batch; the model is back in train mode after. */
async function inference<M extends TrainableModule, B>(
  c: InferenceContext<M, B>,
  data: DataSource<B>,
  onBatch: (outputs: Outputs) => void,
  withLoss = true,
): Promise<void> {
  c.model.eval?.();
  try {
    const ctx: StepContext = { training: false, seed: 0, rng: c.rng, step: c.step, epoch: c.epoch };
    for await (const batch of resolveSource(data, { epoch: 0, seed: 0 })) {
      const labels = withLoss ? c.labelsOf(batch) : undefined;
      const { logits, sum, weight } = tf.tidy(() => {
        const out = c.forward(c.model, batch, ctx); // [batch, classes]
        if (labels === undefined) return { logits: out, sum: undefined, weight: 0 };
        const l = c.loss.compute(out, labels);
        return { logits: out, sum: l.sum, weight: l.weight };
      });
      const values = (await logits.data()) as Float32Array;
      const lossSum = sum ? (await sum.data())[0]! : 0;
      const outputs = toOutputs(values, logits.shape, labels ?? []);
      tf.dispose([logits, ...(sum ? [sum] : [])]);
      if (withLoss) {
        outputs.loss = weight > 0 ? lossSum / weight : 0;
        outputs.lossWeight = weight;
      }
      onBatch(outputs);
    }
  } finally {
    c.model.train?.();
  }
}
