/**
 * Ctrl-C during training: the first SIGINT/SIGTERM asks the trainer to stop after the current
 * update (the caller then writes a checkpoint and exits 130); a second one exits at once. The old
 * model folder is safe either way: it is only ever replaced as a unit (model_folder.ts).
 */
import { EXIT_INTERRUPTED } from '../errors.js';

/** Installs the handlers; `interrupted()` says whether one came, `dispose()` removes them. */
export function onInterrupt(stop: () => void): { interrupted(): boolean; dispose(): void } {
  let interrupted = false;
  const handler = () => {
    if (interrupted) {
      process.stderr.write('\ninterrupted again: exiting without a checkpoint\n');
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    interrupted: () => interrupted,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
