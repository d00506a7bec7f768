/**
 * A news-classifier training recipe: every setting that decides the trained model (nanoGPT's
 * `config/` files). The shipped models' recipes are `recipes/{bbc,20news}.json`; the Node command
 * reads one and the page's Train tab builds one from its form. Browser-safe (no node:*).
 */
import { WASM_HEAP_BYTES } from '@tfnlp/layers';

/** The datasets the Node command can read (the page trains on the user's own texts). */
export const DATASET_IDS = ['bbc', '20news', 'agnews'] as const;
/** How the Node command holds out its validation split (see holdout.ts). */
export const HOLDOUTS = ['random', 'latest', 'threads'] as const;
/** `TransformerClassifier` poolings. */
export const POOLINGS = ['mean', 'max', 'first', 'tfidf'] as const;

/** Every setting of one training run. */
export interface NewsRecipe {
  dataset: (typeof DATASET_IDS)[number];
  epochs: number;
  batchSize: number;
  /** Data-parallel threads, this one included (1: a single thread). */
  threads: number;
  /** Tokens read per text. */
  maxLength: number;
  vocabSize: number;
  minCount: number;
  /** Count the vocabulary over the tokens the model reads (each text's first maxLength). */
  vocabFromRead: boolean;
  dModel: number;
  numHeads: number;
  numLayers: number;
  dimFeedforward: number;
  dropout: number;
  lr: number;
  weightDecay: number;
  /** AdamW decays the embedding table too (by default only non-embedding matrices). */
  decayEmbeddings: boolean;
  /** Training only: each token id becomes `<unk>` with this probability. */
  tokenDropout: number;
  seed: number;
  /** Fraction of each class of the train split held out to pick the best epoch (0: none). */
  validation: number;
  holdout: (typeof HOLDOUTS)[number];
  pooling: (typeof POOLINGS)[number];
  /** Pre-norm encoder layers (with a final LayerNorm) instead of post-norm. */
  normFirst: boolean;
  /** With normFirst: the final LayerNorm normalises the pooled vector, not every position. */
  normAfterPooling: boolean;
  /** Multiply the embeddings by sqrt(dModel) before adding the positions. */
  scaleEmbeddings: boolean;
  /** With normFirst: false drops the final LayerNorm. */
  finalNorm: boolean;
  /** Epsilon of the final LayerNorm (absent: the layer's 1e-5). */
  finalNormEps?: number;
  /** Weight decay of the encoder layers' matrices (absent: weightDecay). */
  branchDecay?: number;
  /** Stochastic depth: each example skips each encoder branch with this probability. */
  dropPath: number;
  /** With normFirst: LayerScale branch scales starting at this value (absent: none). */
  layerScale?: number;
  /** Store the weights as float16. */
  float16: boolean;
  /** 20 Newsgroups: scikit-learn-style cleaners (headers, footers, quotes). */
  remove: string[];
}

/** train.mjs's defaults: a recipe file states only what differs (all shipped ones state all). */
export const DEFAULT_RECIPE: Readonly<NewsRecipe> = Object.freeze({
  dataset: 'bbc',
  epochs: 6,
  batchSize: 32,
  threads: 1,
  maxLength: 256,
  vocabSize: 12000,
  minCount: 2,
  vocabFromRead: false,
  dModel: 64,
  numHeads: 4,
  numLayers: 1,
  dimFeedforward: 128,
  dropout: 0.1,
  lr: 0.002,
  weightDecay: 0.01,
  decayEmbeddings: false,
  tokenDropout: 0,
  seed: 0,
  validation: 0,
  holdout: 'random',
  pooling: 'mean',
  normFirst: false,
  normAfterPooling: false,
  scaleEmbeddings: false,
  finalNorm: true,
  dropPath: 0,
  float16: false,
  remove: [],
});

type Kind =
  | { type: 'int'; min: number; max: number }
  | { type: 'real'; min: number; max: number; minOpen?: boolean; maxOpen?: boolean }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'list'; values: readonly string[] };

const int = (min: number, max: number): Kind => ({ type: 'int', min, max });
const real = (min: number, max: number, minOpen = false, maxOpen = true): Kind => ({
  type: 'real',
  min,
  max,
  minOpen,
  maxOpen,
});
const bool: Kind = { type: 'bool' };

/** What each key holds; the checks of `checkRecipe` and of the Node command's flags. */
export const RECIPE_KEYS: Readonly<Record<keyof NewsRecipe, Kind>> = {
  dataset: { type: 'enum', values: DATASET_IDS },
  epochs: int(1, 100_000),
  batchSize: int(1, 65_536),
  threads: int(1, 1024),
  maxLength: int(1, 65_536),
  vocabSize: int(3, 10_000_000),
  minCount: int(1, 1_000_000_000),
  vocabFromRead: bool,
  dModel: int(2, 65_536),
  numHeads: int(1, 1024),
  numLayers: int(1, 256),
  dimFeedforward: int(1, 1_000_000),
  dropout: real(0, 1),
  lr: real(0, 10, true),
  weightDecay: real(0, 1000),
  decayEmbeddings: bool,
  tokenDropout: real(0, 1),
  seed: int(0, 2 ** 32 - 1),
  validation: real(0, 1),
  holdout: { type: 'enum', values: HOLDOUTS },
  pooling: { type: 'enum', values: POOLINGS },
  normFirst: bool,
  normAfterPooling: bool,
  scaleEmbeddings: bool,
  finalNorm: bool,
  finalNormEps: real(0, 1e6, true),
  branchDecay: real(0, 1000),
  dropPath: real(0, 1),
  layerScale: real(0, 1e6, true),
  float16: bool,
  remove: { type: 'list', values: ['headers', 'footers', 'quotes'] },
};

/** One line saying what key `key` must hold, or undefined when `v` fits. */
export function checkValue(key: keyof NewsRecipe, v: unknown): string | undefined {
  const kind = RECIPE_KEYS[key];
  const got = JSON.stringify(v) ?? String(v);
  switch (kind.type) {
    case 'int':
      return Number.isInteger(v) && (v as number) >= kind.min && (v as number) <= kind.max
        ? undefined
        : `${key} must be an integer in [${kind.min}, ${kind.max}], got ${got}`;
    case 'real': {
      const n = v as number;
      const ok =
        typeof v === 'number' &&
        Number.isFinite(n) &&
        (kind.minOpen ? n > kind.min : n >= kind.min) &&
        (kind.maxOpen ? n < kind.max : n <= kind.max);
      const range = `${kind.minOpen ? '(' : '['}${kind.min}, ${kind.max}${kind.maxOpen ? ')' : ']'}`;
      return ok ? undefined : `${key} must be a number in ${range}, got ${got}`;
    }
    case 'bool':
      return typeof v === 'boolean' ? undefined : `${key} must be true or false, got ${got}`;
    case 'enum':
      return typeof v === 'string' && kind.values.includes(v)
        ? undefined
        : `${key} must be one of ${kind.values.join(', ')}, got ${got}`;
    case 'list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && kind.values.includes(x))
        ? undefined
        : `${key} must be a list of ${kind.values.join(', ')}, got ${got}`;
  }
}

/** Throws one line naming the first bad key of a whole recipe (values and how they combine). */
export function checkRecipe(r: NewsRecipe): void {
  for (const key of Object.keys(RECIPE_KEYS) as (keyof NewsRecipe)[]) {
    const v = r[key];
    if (v === undefined && isOptional(key)) continue;
    const bad = checkValue(key, v);
    if (bad) throw new Error(`bad recipe: ${bad}`);
  }
  if (r.dModel % r.numHeads !== 0) {
    throw new Error(
      `bad recipe: dModel (${r.dModel}) must be a multiple of numHeads (${r.numHeads})`,
    );
  }
  if (!r.normFirst) {
    for (const k of ['normAfterPooling', 'layerScale'] as const) {
      if (r[k] !== undefined && r[k] !== false) {
        throw new Error(`bad recipe: ${k} needs normFirst: true`);
      }
    }
    if (!r.finalNorm) throw new Error('bad recipe: finalNorm: false needs normFirst: true');
  }
  const bytes = trainingBytes(r);
  if (bytes > WASM_HEAP_BYTES) {
    throw new Error(
      `bad recipe: model too large for the 2 GiB wasm heap (about ${(bytes / 2 ** 30).toFixed(1)} GiB to train); ` +
        'lower vocabSize, dModel, maxLength, batchSize or numLayers',
    );
  }
}

/**
 * About how many bytes training a recipe's model needs on the wasm heap, at its largest
 * vocabulary: the parameters four times (weights, gradients, AdamW's two moments) plus one
 * batch's activations kept for the backward pass (attention weights [batch, heads, T, T],
 * feed-forward [batch, T, ffn] and a few [batch, T, dModel] per layer). An estimate for a clear
 * early error, not an allocation plan.
 */
export function trainingBytes(r: NewsRecipe): number {
  const d = r.dModel;
  const T = r.maxLength;
  const perLayer = 4 * d * d + 2 * d * r.dimFeedforward + r.dimFeedforward + 9 * d;
  const parameters = (r.vocabSize + T) * d + r.numLayers * perLayer;
  const activations = r.batchSize * T * r.numLayers * (r.numHeads * T + r.dimFeedforward + 8 * d);
  return 4 * (4 * parameters + activations);
}

function isOptional(key: keyof NewsRecipe): boolean {
  return key === 'finalNormEps' || key === 'branchDecay' || key === 'layerScale';
}

/**
 * A recipe from parsed JSON (a recipe file): unknown keys and bad values are refused with one
 * line naming the key and `source`; missing keys take `DEFAULT_RECIPE`'s values.
 */
export function parseRecipe(json: unknown, source = 'recipe'): NewsRecipe {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(
      `${source}: a recipe is a JSON object of settings, got ${JSON.stringify(json)}`,
    );
  }
  const out: NewsRecipe = { ...DEFAULT_RECIPE, remove: [...DEFAULT_RECIPE.remove] };
  const target = out as unknown as Record<string, unknown>;
  for (const [key, v] of Object.entries(json)) {
    if (!Object.hasOwn(RECIPE_KEYS, key)) {
      throw new Error(
        `${source}: unknown key "${key}"; the keys are ${Object.keys(RECIPE_KEYS).join(', ')}`,
      );
    }
    const bad = checkValue(key as keyof NewsRecipe, v);
    if (bad) throw new Error(`${source}: ${bad}`);
    target[key] = Array.isArray(v) ? [...v] : v;
  }
  try {
    checkRecipe(out);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message.replace(/^bad recipe: /, '')}`);
  }
  return out;
}
