/**
 * The `train` command line -> one TrainRun: a new run from defaults, `--recipe FILE` and flags
 * (settings.ts), or `--resume DIR` with the run's saved settings and the few flags that may
 * change on resume.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { TrainSettings } from './recipe.js';
import { flagValue, readRecipe, resolveSettings } from './settings.js';
import { readRun } from './state.js';

type Values = Record<string, string | boolean | undefined>;

/** What `train` runs, before the backend starts. */
export interface ResolvedTrain {
  settings: TrainSettings;
  out: string;
  resume: boolean;
  command: string;
  /** A line to print first (e.g. --threads capped), if any. */
  notice?: string;
}

/** Flags --resume accepts besides itself (the others would change the run). */
const RESUME_FLAGS = new Set([
  'resume',
  'epochs',
  'max-steps',
  'checkpoint-every',
  'data',
  'verbose',
]);

/** Resolves the parsed flags of `train`; `commandLine` is recorded in run.json. */
export function resolveTrainRun(values: Values, commandLine: string): ResolvedTrain {
  const resumeDir = values.resume;
  if (typeof resumeDir !== 'string') {
    const recipe = typeof values.recipe === 'string' ? readRecipe(values.recipe) : undefined;
    const { settings, out, notice } = resolveSettings(values, recipe);
    return { settings, out, resume: false, command: commandLine, ...(notice ? { notice } : {}) };
  }
  const extra = Object.keys(values).filter((k) => !RESUME_FLAGS.has(k));
  if (extra.length > 0) {
    throw new UsageError(
      `--resume continues a run with its saved settings; only --epochs, --max-steps, --checkpoint-every and --data may be given (got --${extra.join(', --')}).`,
    );
  }
  const out = resolve(resumeDir);
  const saved = readRun(out);
  const settings: TrainSettings = { ...saved.settings };
  settings.epochs = flagValue(values, 'epochs') ?? settings.epochs;
  settings.maxSteps = flagValue(values, 'max-steps') ?? null;
  settings.checkpointEvery = flagValue(values, 'checkpoint-every') ?? settings.checkpointEvery;
  if (typeof values.data === 'string') settings.data = values.data;
  // A run saved on a bigger machine resumes with at most this one's cores.
  const cores = availableParallelism();
  let notice: string | undefined;
  if ((settings.threads ?? 1) > cores) {
    notice = `threads ${settings.threads} of the saved run capped at ${cores}, the number of cores of this machine`;
    settings.threads = cores;
  }
  return { settings, out, resume: true, command: saved.command, ...(notice ? { notice } : {}) };
}
