/**
 * Training recipes: every setting of a run, its per-architecture defaults, and the one table of
 * keys that both a recipe file (`recipes/*.json`, as nanoGPT's `config/`) and the command-line
 * flags are checked against, so a bad value gives the same one-line error from either source.
 */
import { ARCHS, type Arch } from '../archs.js';

/** Every setting of a run; saved as run.json so --resume continues with the same ones. */
export interface TrainSettings {
  data: string | null;
  arch: Arch;
  epochs: number;
  batchSize: number;
  maxLength: number;
  lr: number;
  weightDecay: number;
  seed: number;
  vocabSize: number;
  ngrams: 1 | 2;
  embeddingDim: number;
  hiddenSize: number;
  dropout: number;
  warmup: number;
  validationFraction: number;
  maxSteps: number | null;
  checkpointEvery: number | null;
  /** Data-parallel replicas (worker threads, this one included); 1 = no workers. */
  threads?: number;
}

/** The settings that have per-architecture defaults. */
export type ArchDefaults = Omit<
  TrainSettings,
  'data' | 'arch' | 'seed' | 'maxSteps' | 'checkpointEvery' | 'threads'
>;

/** Per-architecture defaults: the bag model uses bigrams and long inputs, the others words only. */
export function defaultsFor(arch: Arch): ArchDefaults {
  const common = { warmup: 0.05, validationFraction: 0.1, weightDecay: 0.01, batchSize: 32 };
  switch (arch) {
    case 'bag':
      return {
        ...common,
        epochs: 2,
        maxLength: 1200,
        lr: 0.02,
        vocabSize: 100_000,
        ngrams: 2,
        embeddingDim: 16,
        hiddenSize: 64,
        dropout: 0.5,
      };
    case 'transformer':
      return {
        ...common,
        epochs: 3,
        maxLength: 256,
        lr: 0.0005,
        vocabSize: 25_000,
        ngrams: 1,
        embeddingDim: 64,
        hiddenSize: 64,
        dropout: 0.1,
      };
    default:
      return {
        ...common,
        epochs: 3,
        maxLength: 400,
        lr: 0.002,
        vocabSize: 25_000,
        ngrams: 1,
        embeddingDim: 64,
        hiddenSize: 64,
        dropout: 0.3,
      };
  }
}

/** How one numeric setting is written and bounded. */
export interface SettingSpec {
  /** Key in TrainSettings and in a recipe file. */
  key: keyof TrainSettings;
  /** Command-line flag, without the dashes. */
  flag: string;
  kind: 'int' | 'number';
  min: number;
  max: number;
}

/** The numeric settings, their flags and bounds (upper bounds keep a typo from allocating terabytes). */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'epochs', flag: 'epochs', kind: 'int', min: 1, max: 1_000_000 },
  { key: 'batchSize', flag: 'batch-size', kind: 'int', min: 1, max: 65_536 },
  { key: 'maxLength', flag: 'max-length', kind: 'int', min: 1, max: 1_000_000 },
  { key: 'lr', flag: 'lr', kind: 'number', min: 1e-7, max: 10 },
  { key: 'weightDecay', flag: 'weight-decay', kind: 'number', min: 0, max: 10 },
  { key: 'seed', flag: 'seed', kind: 'int', min: 0, max: 2 ** 32 - 1 },
  { key: 'vocabSize', flag: 'vocab-size', kind: 'int', min: 3, max: 100_000_000 },
  { key: 'ngrams', flag: 'ngrams', kind: 'int', min: 1, max: 2 },
  { key: 'embeddingDim', flag: 'embedding-dim', kind: 'int', min: 1, max: 1_000_000 },
  { key: 'hiddenSize', flag: 'hidden-size', kind: 'int', min: 1, max: 1_000_000 },
  { key: 'dropout', flag: 'dropout', kind: 'number', min: 0, max: 0.95 },
  { key: 'warmup', flag: 'warmup', kind: 'number', min: 0, max: 1 },
  { key: 'validationFraction', flag: 'validation-fraction', kind: 'number', min: 0.001, max: 0.9 },
  { key: 'maxSteps', flag: 'max-steps', kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  {
    key: 'checkpointEvery',
    flag: 'checkpoint-every',
    kind: 'int',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  },
  { key: 'threads', flag: 'threads', kind: 'int', min: 1, max: 1_000_000 },
];

/** Why `value` is not a valid value of `spec`, or undefined when it is. */
export function checkValue(spec: SettingSpec, value: unknown): string | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const ok =
    typeof n === 'number' &&
    Number.isFinite(n) &&
    (spec.kind === 'number' || Number.isInteger(n)) &&
    n >= spec.min &&
    n <= spec.max;
  if (ok) return undefined;
  return spec.kind === 'int'
    ? `must be an integer in [${spec.min}, ${spec.max}]`
    : `must be a number in [${spec.min}, ${spec.max}]`;
}

/** `value` as an Arch, or undefined when it is not one of ARCHS (from a flag or a file). */
export function checkArch(value: unknown): Arch | undefined {
  return typeof value === 'string' && (ARCHS as readonly string[]).includes(value)
    ? (value as Arch)
    : undefined;
}
