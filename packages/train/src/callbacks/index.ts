export type { Callback } from './callback.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early_stopping.js';
export {
  ModelCheckpoint,
  type ModelCheckpointOptions,
  type ModelCheckpointSave,
} from './model_checkpoint.js';
export { ProgressPrinter, type ProgressPrinterOptions } from './progress_printer.js';
