/**
 * What `--resume DIR` reads before anything starts: the run's settings (OUT/checkpoints/run.json,
 * or run.json of a folder written before the state moved there), validated like a recipe.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, messageOf } from '../errors.js';
import { MAX_JSON_BYTES, readFileBounded } from '../io/bounded_read.js';
import { defaultsFor, type TrainSettings } from './recipe.js';
import { parseSettings } from './settings.js';

/** A regular file (not a folder, FIFO or device). */
export const existsFile = (p: string) => existsSync(p) && statSync(p).isFile();

/** The settings and command line of the run in `dir`, for --resume. */
export function readRun(dir: string): { settings: TrainSettings; command: string } {
  const state = join(dir, 'checkpoints');
  const path = [join(state, 'run.json'), join(dir, 'run.json')].find(existsFile);
  if (path === undefined || !existsFile(join(state, 'latest.json'))) {
    throw new InputError(
      `nothing to resume in ${dir}: no run.json or checkpoints/latest.json there.`,
    );
  }
  let parsed: { settings?: unknown; command?: unknown };
  try {
    parsed = JSON.parse(
      readFileBounded(path, MAX_JSON_BYTES, path, 'not a run.json').toString('utf8'),
    );
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path} is not valid JSON (${messageOf(e)}).`);
  }
  const raw = parsed?.settings;
  if (
    raw === null ||
    typeof raw !== 'object' ||
    Array.isArray(raw) ||
    !Object.hasOwn(raw, 'arch')
  ) {
    throw new InputError(
      `${path} has no "settings" object with an "arch"; it is not a run.json of this app.`,
    );
  }
  const { settings } = parseSettings(raw, path);
  const arch = settings.arch!;
  return {
    settings: {
      ...defaultsFor(arch),
      data: null,
      seed: 42,
      maxSteps: null,
      checkpointEvery: null,
      ...settings,
      arch,
    },
    command: typeof parsed.command === 'string' ? parsed.command : 'tfnlp-sentiment train',
  };
}
