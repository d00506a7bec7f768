/**
 * The Train tab's settings: defaults and checks. Kept apart from session.ts so the page can
 * read and check them without bundling the training code (that lives in the worker).
 */

export interface TrainSettings {
  epochs: number;
  batchSize: number;
  /** Tokens read per text. */
  maxLength: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  lr: number;
  weightDecay: number;
  dropout: number;
  /** Share of each class held out for validation, in (0, 1). */
  validationFraction: number;
  vocabSize: number;
  minCount: number;
  seed: number;
}

/** Small and quick: trains the built-in sample in seconds on the wasm backend. */
export const DEFAULT_SETTINGS: TrainSettings = {
  epochs: 15,
  batchSize: 16,
  maxLength: 64,
  dModel: 32,
  numHeads: 2,
  numLayers: 1,
  lr: 0.005,
  weightDecay: 0.01,
  dropout: 0.1,
  validationFraction: 0.2,
  vocabSize: 5000,
  minCount: 1,
  seed: 0,
};

/** Checks the settings a user typed; throws one message naming every bad field. */
export function checkSettings(s: TrainSettings): void {
  const bad: string[] = [];
  const int = (k: keyof TrainSettings, min: number, max: number) => {
    const v = s[k];
    if (!(Number.isInteger(v) && v >= min && v <= max))
      bad.push(`${k} must be an integer in [${min}, ${max}]`);
  };
  const real = (k: keyof TrainSettings, min: number, max: number) => {
    const v = s[k];
    if (!(Number.isFinite(v) && v > min && v < max)) bad.push(`${k} must be in (${min}, ${max})`);
  };
  int('epochs', 1, 10_000);
  int('batchSize', 1, 1024);
  int('maxLength', 1, 4096);
  int('dModel', 2, 1024);
  int('numHeads', 1, 64);
  int('numLayers', 1, 12);
  int('vocabSize', 3, 1_000_000);
  int('minCount', 1, 1_000_000);
  int('seed', 0, 2 ** 31 - 1);
  real('lr', 0, 10);
  real('validationFraction', 0, 1);
  if (!(s.weightDecay >= 0 && s.weightDecay < 10)) bad.push('weightDecay must be in [0, 10)');
  if (!(s.dropout >= 0 && s.dropout < 1)) bad.push('dropout must be in [0, 1)');
  if (Number.isInteger(s.dModel) && Number.isInteger(s.numHeads) && s.dModel % s.numHeads !== 0) {
    bad.push(`dModel (${s.dModel}) must be a multiple of numHeads (${s.numHeads})`);
  }
  if (bad.length) throw new Error(`bad training settings: ${bad.join('; ')}`);
}
