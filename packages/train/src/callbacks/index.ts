export type { Callback } from './callback.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early_stopping.js';
export { ProgressPrinter, type ProgressPrinterOptions } from './progress_printer.js';
