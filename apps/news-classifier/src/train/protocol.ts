/** Messages between the Train tab (page) and its training worker. */
import type { WasmInfo } from '@tfnlp/backend-wasm';
import type { LabelledTexts } from './columns.js';
import type { EpochProgress, Prepared, StepProgress, TrainedFiles } from './session.js';
import type { TrainSettings } from './settings.js';

export type ToWorker =
  | { type: 'start'; data: LabelledTexts; settings: TrainSettings }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'backend'; backend: Omit<WasmInfo, 'kernels'> }
  | ({ type: 'prepared' } & Prepared)
  | ({ type: 'step' } & StepProgress)
  | ({ type: 'epoch' } & EpochProgress)
  | {
      type: 'done';
      files: TrainedFiles;
      stopReason: string;
      steps: number;
      validationAccuracy: number;
      wallSeconds: number;
      /** Live tensors left in the worker after the run (0 when everything was disposed). */
      tensorsLeft: number;
    }
  | { type: 'error'; message: string };
