/**
 * One training run of the Train tab: split, vocabulary, a `TransformerClassifier` trained by
 * the `@tfnlp/train` Trainer, a final validation score, and the model as the same four files
 * a shipped model has. No DOM and no worker API here, so the worker runs it and the Node
 * tests run it too.
 */
import { stratifiedSplit } from '@tfnlp/datasets';
import { saveModel } from '@tfnlp/layers';
import { tokenizerToJson } from '@tfnlp/tokenizers';
import type { StepEvent } from '@tfnlp/train';
import type { ModelInfo } from '../model.js';
import {
  architectureInfo,
  createClassifier,
  createTrainer,
  encodeExamples,
  evalBatches,
  modelOptions,
  trainBatches,
  trainTokenizer,
} from '../pipeline/pipeline.js';
import { checkRecipe, DEFAULT_RECIPE, type NewsRecipe } from '../pipeline/recipe.js';
import type { LabelledTexts } from './columns.js';
import { checkSettings, type TrainSettings } from './settings.js';

/** What the run posts after splitting and building the vocabulary. */
export interface Prepared {
  trainExamples: number;
  validationExamples: number;
  vocabularySize: number;
  parameters: number;
  stepsPerEpoch: number;
}

/** One optimizer update. */
export interface StepProgress {
  step: number;
  epoch: number;
  epochs: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  /** Mean loss of this update's batch. */
  loss: number;
  /** Running training accuracy of the epoch. */
  accuracy: number;
  lr: number;
  elapsedSeconds: number;
}

/** One finished epoch with its validation scores. */
export interface EpochProgress {
  epoch: number;
  epochs: number;
  step: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  elapsedSeconds: number;
}

/** A trained model as the files of a shipped model folder (see model.ts / loadNewsModel). */
export interface TrainedFiles {
  'info.json': string;
  'model.json': string;
  'model.safetensors': Uint8Array;
  'tokenizer.json': string;
}

export interface TrainResult {
  files: TrainedFiles;
  info: ModelInfo;
  /** 'completed', or 'requested' when cancelled. */
  stopReason: string;
  steps: number;
  validationAccuracy: number;
  wallSeconds: number;
}

export interface TrainHooks {
  onPrepared?(p: Prepared): void;
  onStep?(p: StepProgress): void;
  onEpoch?(p: EpochProgress): void;
  /** Aborting stops the run after the current update; the model so far is still returned. */
  signal?: AbortSignal;
  /**
   * Awaited after every update. The default waits for a macrotask, so a worker handles its
   * messages (a cancel) between updates instead of only after the whole run.
   */
  yieldToEvents?(): Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Trains a Transformer classifier on `data`; disposes everything it created but the files. */
export async function trainClassifier(
  data: LabelledTexts,
  settings: TrainSettings,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  checkSettings(settings);
  const s = settings;
  const started = performance.now();
  if (data.texts.length !== data.labels.length) {
    throw new Error(`${data.texts.length} texts but ${data.labels.length} labels`);
  }
  const { train, validation } = await stratifiedSplit(
    data.texts.map((text, i) => ({ text, label: data.labels[i]! })),
    { validationFraction: s.validationFraction, seed: s.seed },
  );
  if (train.length === 0 || validation.length === 0) {
    throw new Error(
      `${data.texts.length} examples give ${train.length} to train on and ${validation.length} to validate on: ` +
        'add examples or change the validation share',
    );
  }
  // The Node command's pipeline (src/pipeline/), with the tab's settings as its recipe.
  const recipe = recipeFromSettings(s);
  checkRecipe(recipe); // e.g. a model too large for the wasm heap, before anything is allocated
  const tokenizer = trainTokenizer(
    train.map((e) => e.text),
    recipe,
  );
  const vocabSize = tokenizer.getVocabSize();
  const trainSet = encodeExamples(tokenizer, train, recipe);
  const valBatches = evalBatches(encodeExamples(tokenizer, validation, recipe)).batches;
  const stepsPerEpoch = Math.ceil(train.length / s.batchSize);
  const model = createClassifier(modelOptions(recipe, vocabSize, data.classes.length), trainSet);
  const trainer = createTrainer(model, recipe, {
    stepsPerEpoch,
    callbacks: [
      {
        onStepEnd: async (_e: StepEvent, t) => {
          await (hooks.yieldToEvents ?? macrotask)();
          if (hooks.signal?.aborted) t.stop('cancelled by the user');
        },
      },
    ],
  });
  try {
    const parameters = model.numParameters();
    hooks.onPrepared?.({
      trainExamples: train.length,
      validationExamples: validation.length,
      vocabularySize: vocabSize,
      parameters,
      stepsPerEpoch,
    });
    trainer.on('step', (e) =>
      hooks.onStep?.({
        step: e.step,
        epoch: e.epoch,
        epochs: e.epochs,
        stepInEpoch: e.stepInEpoch,
        stepsPerEpoch,
        loss: e.batchLoss,
        accuracy: e.metrics.accuracy ?? Number.NaN,
        lr: e.lr,
        elapsedSeconds: e.elapsedSeconds,
      }),
    );
    trainer.on('epoch', (e) =>
      hooks.onEpoch?.({
        epoch: e.epoch,
        epochs: e.epochs,
        step: e.step,
        loss: e.logs.loss ?? Number.NaN,
        accuracy: e.logs.accuracy ?? Number.NaN,
        valLoss: e.logs.val_loss ?? Number.NaN,
        valAccuracy: e.logs.val_accuracy ?? Number.NaN,
        elapsedSeconds: e.elapsedSeconds,
      }),
    );
    const fit = await trainer.fit(trainBatches(trainSet, recipe), {
      epochs: s.epochs,
      validation: valBatches,
    });
    // Scored once more at the end: after a cancel the last epoch's score is out of date.
    model.eval();
    const val = await trainer.evaluate(valBatches);
    const validationAccuracy = val.accuracy ?? Number.NaN;
    const wallSeconds = (performance.now() - started) / 1000;
    const saved = saveModel(model);
    const cancelled = fit.stopReason === 'requested';
    const info: ModelInfo = {
      id: 'trained-in-browser',
      name: `${data.name} (trained in this browser)`,
      labels: [...data.classes],
      maxLength: s.maxLength,
      architecture: architectureInfo(recipe),
      parameters,
      vocabularySize: vocabSize,
      // Scored on the validation split it was trained beside: never a test score.
      scores: {
        validation: {
          split: `stratified ${Math.round(s.validationFraction * 100)} % of the data, seed ${s.seed}`,
          examples: validation.length,
          accuracy: validationAccuracy,
          epoch: fit.epoch,
        },
      },
      training: {
        command: `trained in this browser: ${fit.step} updates, ${fit.epoch} of ${s.epochs} epochs${cancelled ? ' (cancelled)' : ''}`,
        wallSeconds: Math.round(wallSeconds),
        settings: { ...s },
        trainExamples: train.length,
        history: fit.history,
      },
      trainedInBrowser: true,
    };
    return {
      files: {
        'info.json': JSON.stringify(info),
        'model.json': JSON.stringify(saved.config),
        'model.safetensors': saved.weights,
        'tokenizer.json': JSON.stringify(tokenizerToJson(tokenizer)),
      },
      info,
      stopReason: fit.stopReason,
      steps: fit.step,
      validationAccuracy,
      wallSeconds,
    };
  } finally {
    trainer.optimizer.dispose();
    model.dispose();
  }
}

/** The tab's settings as a pipeline recipe: a mean-pooled post-norm encoder, ffn 2 * dModel. */
export function recipeFromSettings(s: TrainSettings): NewsRecipe {
  return {
    ...DEFAULT_RECIPE,
    remove: [],
    epochs: s.epochs,
    batchSize: s.batchSize,
    maxLength: s.maxLength,
    vocabSize: s.vocabSize,
    minCount: s.minCount,
    dModel: s.dModel,
    numHeads: s.numHeads,
    numLayers: s.numLayers,
    dimFeedforward: 2 * s.dModel,
    dropout: s.dropout,
    lr: s.lr,
    weightDecay: s.weightDecay,
    seed: s.seed,
  };
}
