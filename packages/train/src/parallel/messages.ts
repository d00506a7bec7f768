// Messages between DataParallel (replica 0) and its worker threads.
import type { ParameterSlot } from './layout.js';

/** workerData of a replica worker. */
export interface WorkerInit {
  moduleUrl: string;
  exportName: string;
  options: unknown;
  rank: number;
  replicas: number;
}

export type ToWorker =
  | {
      type: 'layout';
      slots: ParameterSlot[];
      /** Names of the parameters that get gradients. */
      trainable: string[];
      params: SharedArrayBuffer;
      grads: SharedArrayBuffer;
    }
  | {
      type: 'step';
      id: number;
      batch: unknown;
      seed: number;
      step: number;
      epoch: number;
      /** Parameters in `params` were last written at this version. */
      version: number;
    };

export type FromWorker =
  | { type: 'ready'; lossName: string }
  | {
      type: 'grads';
      id: number;
      lossSum: number;
      weight: number;
      logits: Float32Array;
      logitsShape: number[];
      /** Parameters whose gradient slot was written. */
      present: string[];
    }
  | { type: 'error'; id?: number; message: string; stack?: string };
