/**
 * The settings of a `train` run from its three sources, later ones winning: the architecture's
 * defaults, a recipe file (`--recipe recipes/bag.json`) and the command-line flags. Paths in a
 * recipe (`data`, `out`) are relative to the recipe's folder, so a recipe means the same from
 * any working directory.
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ARCHS } from '../archs.js';
import { InputError, UsageError } from '../errors.js';
import { MAX_JSON_BYTES, readFileBounded } from '../io/bounded_read.js';
import { checkArch, checkValue, defaultsFor, SETTINGS, type TrainSettings } from './recipe.js';

type Values = Record<string, string | boolean | undefined>;

/** Keys a recipe file may hold besides the numeric SETTINGS. */
const OTHER_KEYS = new Set(['arch', 'data', 'out', 'description']);

/** A recipe file's settings (validated), and its `out` resolved against the recipe's folder. */
export interface Recipe {
  path: string;
  settings: Partial<TrainSettings>;
  out?: string;
}

/** Reads and validates a recipe: one line naming the file and the key for anything wrong. */
export function readRecipe(path: string): Recipe {
  const text = readFileBounded(path, MAX_JSON_BYTES, `recipe ${path}`, 'not a recipe').toString(
    'utf8',
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(`recipe ${path} is not valid JSON (${(e as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`recipe ${path} must be a JSON object of settings, e.g. {"arch": "bag"}.`);
  }
  return { path, ...parseSettings(parsed, `recipe ${path}`, dirname(resolve(path))) };
}

/**
 * Validates an object of settings read from a file (a recipe, or run.json's `settings`): own
 * keys only, each checked against SETTINGS; `base` resolves relative `data`/`out` paths (none:
 * kept as written). Errors are one line naming `source` and the key.
 */
export function parseSettings(
  parsed: object,
  source: string,
  base?: string,
): { settings: Partial<TrainSettings>; out?: string } {
  const at = (p: string) => (base === undefined ? p : resolve(base, p));
  // Own keys only, into a Map: a key like "__proto__" or "constructor" is just an unknown key.
  const entries = new Map(Object.entries(parsed));
  const bad = (key: string, why: string, value: unknown) =>
    new InputError(
      `${source}: "${key}" ${why}, got ${String(JSON.stringify(value)).slice(0, 60)}.`,
    );
  const settings: Partial<TrainSettings> = {};
  let out: string | undefined;
  for (const [key, value] of entries) {
    const spec = SETTINGS.find((s) => s.key === key);
    if (spec) {
      // null means "not set" for the optional ones (as run.json writes them).
      if (value === null && (key === 'maxSteps' || key === 'checkpointEvery')) continue;
      const why = typeof value === 'number' ? checkValue(spec, value) : 'must be a number';
      if (why) throw bad(key, why, value);
      (settings as Record<string, unknown>)[key] = value;
    } else if (key === 'arch') {
      const arch = checkArch(value);
      if (!arch) throw bad(key, `must be one of ${ARCHS.join(', ')}`, value);
      settings.arch = arch;
    } else if (key === 'data' || key === 'out') {
      if (value === null && key === 'data') continue;
      if (typeof value !== 'string' || value === '' || value.includes('\0'))
        throw bad(key, 'must be a path', value);
      if (key === 'data') settings.data = at(value);
      else out = at(value);
    } else if (key === 'description') {
      if (typeof value !== 'string') throw bad(key, 'must be a string', value);
    } else {
      const known = [...SETTINGS.map((s) => s.key), ...OTHER_KEYS].join(', ');
      throw new InputError(`${source}: unknown key "${key}" (known: ${known}).`);
    }
  }
  return { settings, ...(out !== undefined ? { out } : {}) };
}

/** A flag's value checked against its spec, or undefined when the flag is absent. */
export function flagValue(values: Values, flag: string): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  const spec = SETTINGS.find((s) => s.flag === flag);
  if (!spec) throw new Error(`no setting for --${flag}`);
  const why = checkValue(spec, v);
  if (why) throw new UsageError(`--${flag} ${why}, got '${String(v)}'.`);
  return Number(v);
}

/** Where the run goes and with what: the result of `resolveSettings`. */
export interface ResolvedRun {
  settings: TrainSettings;
  out: string;
  /** A line to print before training (e.g. --threads capped), if any. */
  notice?: string;
}

/** Defaults < recipe < flags, for a new run (not --resume). */
export function resolveSettings(values: Values, recipe?: Recipe): ResolvedRun {
  const r = recipe?.settings ?? {};
  const archFlag = values.arch;
  const arch = archFlag === undefined ? (r.arch ?? 'bag') : checkArch(archFlag);
  if (!arch) {
    throw new UsageError(`--arch must be one of ${ARCHS.join(', ')}; got '${String(archFlag)}'.`);
  }
  const d = defaultsFor(arch);
  const pick = <K extends keyof TrainSettings>(key: K, fallback: TrainSettings[K]) => {
    const spec = SETTINGS.find((s) => s.key === key)!;
    const flag = flagValue(values, spec.flag);
    return (flag ?? r[key] ?? fallback) as TrainSettings[K];
  };
  // The bag model's steps are too small to split: exchanging its 1.6 M gradients and
  // weights costs more than the half step a second thread saves (measured 45 s vs
  // 28 s for the shipped recipe). The recurrent and Transformer models gain ~1.6x.
  const cores = availableParallelism();
  const wanted = pick('threads', arch === 'bag' ? 1 : Math.min(cores, 4)) as number;
  const threads = Math.min(wanted, cores);
  const settings: TrainSettings = {
    data: typeof values.data === 'string' ? values.data : (r.data ?? null),
    arch,
    epochs: pick('epochs', d.epochs),
    batchSize: pick('batchSize', d.batchSize),
    maxLength: pick('maxLength', d.maxLength),
    lr: pick('lr', d.lr),
    weightDecay: pick('weightDecay', d.weightDecay),
    seed: pick('seed', 42),
    vocabSize: pick('vocabSize', d.vocabSize),
    ngrams: pick('ngrams', d.ngrams),
    embeddingDim: pick('embeddingDim', d.embeddingDim),
    hiddenSize: pick('hiddenSize', d.hiddenSize),
    dropout: pick('dropout', d.dropout),
    warmup: pick('warmup', d.warmup),
    validationFraction: pick('validationFraction', d.validationFraction),
    maxSteps: pick('maxSteps', null),
    checkpointEvery: pick('checkpointEvery', null),
    threads,
  };
  const outFlag = values.out;
  const out =
    typeof outFlag === 'string' ? resolve(outFlag) : (recipe?.out ?? resolve('sentiment-model'));
  const notice =
    wanted > cores
      ? `--threads ${wanted} capped at ${cores}, the number of cores of this machine`
      : undefined;
  return { settings, out, ...(notice ? { notice } : {}) };
}
