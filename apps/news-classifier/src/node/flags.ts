/**
 * The training command's command line: a recipe (a `recipes/*.json` file, or train.mjs's defaults
 * for a dataset) and flags that override its keys, plus the run's own options (folders, limits).
 * Every bad value is refused with one line naming the flag or the key.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkRecipe,
  checkValue,
  DATASET_IDS,
  DEFAULT_RECIPE,
  type NewsRecipe,
  parseRecipe,
  RECIPE_KEYS,
} from '../pipeline/recipe.js';

/** Flags that set a recipe key: flag name -> key (booleans set true; `no-final-norm` sets false). */
const RECIPE_FLAGS: ReadonlyArray<[flag: string, key: keyof NewsRecipe]> = [
  ['epochs', 'epochs'],
  ['batch-size', 'batchSize'],
  ['threads', 'threads'],
  ['max-length', 'maxLength'],
  ['vocab-size', 'vocabSize'],
  ['min-count', 'minCount'],
  ['vocab-from-read', 'vocabFromRead'],
  ['d-model', 'dModel'],
  ['heads', 'numHeads'],
  ['layers', 'numLayers'],
  ['ffn', 'dimFeedforward'],
  ['dropout', 'dropout'],
  ['lr', 'lr'],
  ['weight-decay', 'weightDecay'],
  ['decay-embeddings', 'decayEmbeddings'],
  ['token-dropout', 'tokenDropout'],
  ['seed', 'seed'],
  ['validation', 'validation'],
  ['holdout', 'holdout'],
  ['pooling', 'pooling'],
  ['norm-first', 'normFirst'],
  ['norm-after-pooling', 'normAfterPooling'],
  ['scale-embeddings', 'scaleEmbeddings'],
  ['no-final-norm', 'finalNorm'],
  ['final-norm-eps', 'finalNormEps'],
  ['branch-decay', 'branchDecay'],
  ['drop-path', 'dropPath'],
  ['layer-scale', 'layerScale'],
  ['float16', 'float16'],
  ['remove', 'remove'],
];

/** The run's own options (they do not change the model). */
export interface RunOptions {
  /** The recipe file given with --recipe, as typed. */
  recipeFile?: string;
  data?: string;
  out?: string;
  maxSteps?: number;
  /** Recipe search: score the validation split only, never the test split. */
  skipTest: boolean;
  /** With a validation split: write the folder at every epoch that improves it. */
  saveBest: boolean;
}

/** A parsed command line. */
export type Command =
  | { help: true; usage: string }
  | { help: false; recipe: NewsRecipe; run: RunOptions; args: string[] };

/** The command's usage text. */
export const USAGE = [
  'usage: node apps/news-classifier/scripts/train.mjs --recipe FILE [flags]',
  '       node apps/news-classifier/scripts/train.mjs bbc|20news|agnews [flags]   (train.mjs defaults)',
  "  --recipe FILE        a recipe (recipes/bbc.json, recipes/20news.json: the shipped models')",
  '  --data PATH          the archive (default ../shared/data/<dataset file>)',
  '  --out DIR            model folder (default apps/news-classifier/public/models/<dataset>)',
  '  --max-steps N        stop after N updates   --skip-test   --save-best (with --validation)',
  'Flags overriding recipe keys:',
  `  ${RECIPE_FLAGS.map(([f, k]) => `--${f}${f === k ? '' : ` (${k})`}`).join(' ')}`,
  "See apps/news-classifier/README.md for the keys and the shipped models' recipes.",
].join('\n');

/** A number typed on the command line: plain decimal or exponent notation only ('' is not 0). */
function parseNumber(flag: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) {
    throw new Error(`--${flag} must be a number, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** Reads and validates a recipe file (JSON); errors name the file and the key. */
export function readRecipeFile(path: string): NewsRecipe {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read recipe ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`recipe ${path} is not JSON: ${(e as Error).message}`);
  }
  return parseRecipe(json, `recipe ${path}`);
}

/**
 * node:util reads "--lr -0.1" as two options; a value that is a negative number is joined to
 * its flag ("--lr=-0.1") before parsing.
 */
function joinNegativeValues(argv: readonly string[], stringFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (stringFlags.has(a) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses the command line (argv without node and the script). */
export function parseCommand(argv: readonly string[]): Command {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    recipe: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    'max-steps': { type: 'string' },
    'skip-test': { type: 'boolean' },
    'save-best': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const [flag, key] of RECIPE_FLAGS) {
    options[flag] = { type: RECIPE_KEYS[key].type === 'bool' ? 'boolean' : 'string' };
  }
  const stringFlags = new Set(
    Object.entries(options)
      .filter(([, o]) => o.type === 'string')
      .map(([name]) => `--${name}`),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const args = joinNegativeValues(argv, stringFlags);
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new Error(`${(e as Error).message.split('\n')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, usage: USAGE };
  if (positionals.length > 1) {
    throw new Error(`one dataset at most, got ${positionals.join(' ')} (see --help)`);
  }
  const dataset = positionals[0];
  if (dataset !== undefined && !(DATASET_IDS as readonly string[]).includes(dataset)) {
    throw new Error(`unknown dataset '${dataset}'; use ${DATASET_IDS.join(', ')} or --recipe FILE`);
  }
  const recipeFile = values.recipe as string | undefined;
  if (recipeFile === undefined && dataset === undefined) {
    throw new Error('no recipe: pass --recipe FILE (e.g. recipes/bbc.json) or a dataset name');
  }
  const recipe: NewsRecipe =
    recipeFile !== undefined
      ? readRecipeFile(recipeFile)
      : { ...DEFAULT_RECIPE, remove: [...DEFAULT_RECIPE.remove] };
  const target = recipe as unknown as Record<string, unknown>;
  if (dataset !== undefined) recipe.dataset = dataset as NewsRecipe['dataset'];
  for (const [flag, key] of RECIPE_FLAGS) {
    const v = values[flag];
    if (v === undefined) continue;
    const kind = RECIPE_KEYS[key].type;
    let value: unknown;
    if (kind === 'bool') value = flag.startsWith('no-') ? false : v;
    else if (kind === 'int' || kind === 'real') value = parseNumber(flag, v as string);
    else if (kind === 'list') value = (v as string).split(',').filter(Boolean);
    else value = v;
    const bad = checkValue(key, value);
    if (bad) throw new Error(`--${flag}: ${bad}`);
    target[key] = value;
  }
  checkRecipe(recipe);
  let maxSteps: number | undefined;
  if (values['max-steps'] !== undefined) {
    maxSteps = parseNumber('max-steps', values['max-steps'] as string);
    if (!(Number.isInteger(maxSteps) && maxSteps >= 1)) {
      throw new Error(`--max-steps must be an integer >= 1, got ${values['max-steps']}`);
    }
  }
  for (const k of ['data', 'out'] as const) {
    if (values[k] === '') throw new Error(`--${k} must be a path, got an empty string`);
  }
  if (values['save-best'] && !(recipe.validation > 0)) {
    throw new Error('--save-best needs a validation split (validation > 0)');
  }
  // The output folder does not change the model: left out of the recorded command.
  const args = argv.filter(
    (a, i, all) => a !== '--out' && all[i - 1] !== '--out' && !a.startsWith('--out='),
  );
  return {
    help: false,
    recipe,
    args,
    run: {
      ...(recipeFile !== undefined ? { recipeFile } : {}),
      ...(values.data !== undefined ? { data: values.data as string } : {}),
      ...(values.out !== undefined ? { out: values.out as string } : {}),
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      skipTest: values['skip-test'] === true,
      saveBest: values['save-best'] === true,
    },
  };
}
