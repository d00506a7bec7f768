/**
 * The news classifier as a replica module for the command's --threads N (@tfnlp/train's
 * DataParallel): each worker thread imports this, starts its own wasm backend and builds the
 * same TransformerClassifier; the trainer's thread copies its weights over before each step
 * (and the Trainer reseeds each replica's dropout itself).
 */
import { initWasm } from '@tfnlp/backend-wasm';
import type { PaddedBatch } from '@tfnlp/datasets';
import { TransformerClassifier, type TransformerClassifierOptions } from '@tfnlp/layers';
import type { Replica } from '@tfnlp/train';
import { classifierForward } from '../pipeline/pipeline.js';

/** DataParallel's factory: one replica per worker thread. */
export async function createReplica({
  modelOptions,
}: {
  modelOptions: TransformerClassifierOptions;
}): Promise<Replica<TransformerClassifier, PaddedBatch>> {
  await initWasm();
  return { model: new TransformerClassifier(modelOptions), forward: classifierForward };
}
