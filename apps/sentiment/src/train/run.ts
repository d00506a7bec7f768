/**
 * `tfnlp-sentiment train`: data -> tokenizer -> model -> Trainer. The settings come resolved
 * (settings.ts), the output folder is held and replaced as a unit (model_folder.ts), the best
 * model is kept by @tfnlp/train's ModelCheckpoint, progress and Ctrl-C have their own files.
 */
import { join } from 'node:path';
import { formatDuration } from '@tfnlp/core';
import { writeFileAtomic } from '@tfnlp/core/node';
import { type PaddedBatch, paddedBatches, stratifiedSplit } from '@tfnlp/datasets';
import { saveModel } from '@tfnlp/layers';
import {
  type Tokenizer,
  tokenizerFromString,
  tokenizerToJson,
  WordLevelTokenizer,
} from '@tfnlp/tokenizers';
import { Accuracy, AdamW, LinearWarmupDecay, ModelCheckpoint, Trainer } from '@tfnlp/train';
import { DataParallel, fileStorage } from '@tfnlp/train/node';
import { checkData, loadImdb } from '../data.js';
import { EXIT_INTERRUPTED, EXIT_OK, InputError, messageOf } from '../errors.js';
import { MAX_JSON_BYTES, readFileBounded } from '../io/bounded_read.js';
import {
  buildClassifier,
  type Classifier,
  CONFIG_FILE,
  encodeText,
  LABELS,
  RECORD_FILE,
  TOKENIZER_FILE,
  type TrainingRecord,
  tokenizerOptions,
  UNK_ID,
  WEIGHTS_FILE,
} from '../model.js';
import { green, type Out } from '../output.js';
import { forward, type ReplicaOptions } from '../replica.js';
import { ModelFolder, RUN_FILE } from './model_folder.js';
import { checkTrainable } from './model_size.js';
import { attachProgress } from './progress.js';
import type { TrainSettings } from './recipe.js';
import { onInterrupt } from './signals.js';
import { existsFile } from './state.js';

/** One `train` invocation. */
export interface TrainRun {
  settings: TrainSettings;
  out: string;
  resume: boolean;
  command: string;
  stdout: Out;
  stderr: Out;
}

/** Trains as `run` says; returns the exit code (0, or 130 after Ctrl-C). */
export async function train(run: TrainRun): Promise<number> {
  const { settings: s, out, stdout } = run;
  const log = (line: string) => stdout.write(`${line}\n`);
  // Refuse a model that cannot fit before reading any data (vocabSize is an upper bound).
  checkTrainable(s.arch, { ...archOf(s), vocabSize: s.vocabSize });
  const folder = await ModelFolder.open(out);
  try {
    return await trainIn(folder, run, log);
  } finally {
    await folder.close();
  }
}

function archOf(s: TrainSettings) {
  return {
    embeddingDim: s.embeddingDim,
    hiddenSize: s.hiddenSize,
    dropout: s.dropout,
    maxLength: s.maxLength,
    seed: s.seed,
  };
}

async function trainIn(
  folder: ModelFolder,
  run: TrainRun,
  log: (line: string) => void,
): Promise<number> {
  const { settings: s, out, stdout } = run;
  const started = Date.now();
  const runJson = `${JSON.stringify({ settings: s, command: run.command }, null, 2)}\n`;
  // A typo in --data must not cost the previous run's checkpoints.
  checkData(s.data ?? undefined);
  if (!run.resume) {
    if (folder.resetState()) log(`new run: the previous run's checkpoints in ${out} were removed`);
    await folder.writeState(RUN_FILE, runJson);
  }

  log(`reading IMDB train split from ${s.data ?? 'the datasets cache'}`);
  const all = await loadImdb(s.data ?? undefined, 'train', log);
  const { train: trainPart, validation } = await stratifiedSplit(all, {
    validationFraction: s.validationFraction,
    seed: s.seed,
  });
  let tokenizer: Tokenizer;
  if (run.resume) {
    tokenizer = readRunTokenizer(out);
  } else {
    // The vocabulary comes from the train part only (validation text never counted).
    tokenizer = WordLevelTokenizer.train(
      trainPart.map((ex) => ex.text),
      { ...tokenizerOptions(s.ngrams), vocabSize: s.vocabSize, minCount: 2 },
    );
    await folder.writeState(TOKENIZER_FILE, JSON.stringify(tokenizerToJson(tokenizer)));
  }
  const tokenizerJson = JSON.stringify(tokenizerToJson(tokenizer));
  const vocabSize = tokenizer.getVocabSize();
  const encodeAll = (exs: typeof all) =>
    exs.map((ex) => ({ ids: encodeText(tokenizer, ex.text, s.maxLength), label: ex.label }));
  const trainSet = encodeAll(trainPart);
  // A review with no known word is read as one <unk>.
  const valBatches = [
    ...paddedBatches(encodeAll(validation), {
      batchSize: 256,
      bucketSize: Number.POSITIVE_INFINITY,
      emptyId: UNK_ID,
    }),
  ];
  log(
    `${trainPart.length} train / ${validation.length} validation reviews, vocabulary ${vocabSize} ` +
      `(${s.ngrams === 2 ? 'words + bigrams' : 'words'}), max length ${s.maxLength}`,
  );

  const archOptions = { ...archOf(s), vocabSize };
  const model = buildClassifier(s.arch, archOptions);
  const parameters = model.numParameters();
  const threads = s.threads ?? 1;
  log(
    `model: ${s.arch}, ${parameters.toLocaleString('en-US')} parameters; ` +
      (threads > 1 ? `${threads} threads (data-parallel)` : '1 thread'),
  );
  const parallel =
    threads > 1
      ? await DataParallel.start<PaddedBatch>({
          module: new URL('../replica.js', import.meta.url),
          options: { arch: s.arch, archOptions } satisfies ReplicaOptions,
          replicas: threads,
        })
      : undefined;

  const stepsPerEpoch = Math.ceil(trainSet.length / s.batchSize);
  const totalSteps = s.epochs * stepsPerEpoch;
  const record = (): TrainingRecord => ({
    arch: s.arch,
    labels: [...LABELS],
    maxLength: s.maxLength,
    recipe: { ...s },
    command: run.command,
    parameters,
    vocabularySize: vocabSize,
    createdAt: new Date().toISOString(),
  });
  // Weights, config, tokenizer, record and run.json replace the folder's model as one unit.
  const saveFolder = async (rec: TrainingRecord) => {
    const saved = saveModel(model);
    await folder.saveModel(
      new Map<string, string | Uint8Array>([
        [WEIGHTS_FILE, saved.weights],
        [CONFIG_FILE, `${JSON.stringify(saved.config)}\n`],
        [TOKENIZER_FILE, tokenizerJson],
        [RECORD_FILE, `${JSON.stringify(rec, null, 2)}\n`],
        [RUN_FILE, runJson],
      ]),
    );
  };

  const best = new ModelCheckpoint({
    name: 'best-model',
    monitor: 'val_accuracy',
    mode: 'max',
    saveBestOnly: true,
    save: async ({ epoch, logs, value, history }) => {
      const validation = Object.fromEntries(
        Object.entries(logs)
          .filter(([k]) => k.startsWith('val_'))
          .map(([k, v]) => [k.slice(4), v]),
      );
      await saveFolder({ ...record(), bestEpoch: epoch + 1, validation, history });
      log(green(stdout, `  saved best model (val_accuracy ${value?.toFixed(4)}) to ${out}`));
    },
  });

  const trainer = new Trainer<Classifier, PaddedBatch>({
    model,
    forward,
    optimizer: new AdamW({ lr: s.lr, weightDecay: s.weightDecay }),
    schedule: new LinearWarmupDecay({
      lr: s.lr,
      warmupSteps: Math.round(s.warmup * totalSteps),
      totalSteps,
      minLr: s.lr * 0.05,
    }),
    maxGradNorm: 5,
    seed: s.seed,
    stepsPerEpoch,
    metrics: () => [new Accuracy()],
    callbacks: [
      best,
      // The training loop only awaits microtasks; yielding to the event loop after each update
      // lets signal handlers (Ctrl-C) and stdout writes run.
      { name: 'yield', onStepEnd: () => new Promise<void>((r) => setImmediate(r)) },
    ],
    ...(parallel ? { parallel } : {}),
    checkpoint: {
      storage: fileStorage(folder.stateDir),
      everyEpoch: true,
      keep: 2,
      ...(s.checkpointEvery ? { everySteps: s.checkpointEvery } : {}),
    },
  });
  const progress = attachProgress(trainer, stdout, stepsPerEpoch);
  const signals = onInterrupt(() => trainer.stop('interrupted (Ctrl-C)', 'requested'));
  try {
    if (run.resume) log(`resuming from ${folder.stateDir}`);
    const result = await trainer.fit(
      // Shuffled, sorted by length within buckets of 50 batches (little padding), batches shuffled.
      ({ seed }) =>
        paddedBatches(trainSet, {
          batchSize: s.batchSize,
          seed,
          bucketSize: s.batchSize * 50,
          emptyId: UNK_ID,
        }),
      {
        epochs: s.epochs,
        validation: valBatches,
        ...(run.resume ? { resume: true } : {}),
        ...(s.maxSteps ? { maxSteps: s.maxSteps } : {}),
      },
    );
    progress.finish();
    if (signals.interrupted()) {
      const path = await trainer.checkpoint();
      log(`interrupted at step ${result.step}: checkpoint written to ${path}`);
      log(`resume with: tfnlp-sentiment train --resume ${out}`);
      return EXIT_INTERRUPTED;
    }
    const bestEpoch = best.bestEpoch + 1;
    if (result.stopReason === 'max-steps') {
      // Stopped by --max-steps: checkpoint where we are; keep a model if no epoch ended yet.
      const path = await trainer.checkpoint();
      if (bestEpoch === 0) await saveFolder({ ...record(), history: result.history });
      log(
        `stopped at step ${result.step} (--max-steps): checkpoint ${path}; ` +
          (bestEpoch === 0 ? `model saved to ${out}` : `best model (epoch ${bestEpoch}) in ${out}`),
      );
      log(`continue with: tfnlp-sentiment train --resume ${out}`);
      return EXIT_OK;
    }
    const wallSeconds = (Date.now() - started) / 1000;
    // The whole history and the wall time go into the best model's record (same weights).
    const recPath = join(out, RECORD_FILE);
    if (bestEpoch > 0 && existsFile(recPath)) {
      const rec = JSON.parse(
        readFileBounded(recPath, MAX_JSON_BYTES, recPath, 'not a training.json').toString('utf8'),
      );
      rec.history = result.history;
      rec.wallSeconds = Math.round(wallSeconds);
      await writeFileAtomic(recPath, `${JSON.stringify(rec, null, 2)}\n`);
    }
    log(
      `done in ${formatDuration(wallSeconds)}: best val_accuracy ${(best.best ?? -1).toFixed(4)} (epoch ${bestEpoch}); model in ${out}`,
    );
    return EXIT_OK;
  } finally {
    signals.dispose();
    await parallel?.close();
  }
}

function readRunTokenizer(dir: string): Tokenizer {
  const path = [join(dir, 'checkpoints', TOKENIZER_FILE), join(dir, TOKENIZER_FILE)].find((p) =>
    existsFile(p),
  );
  if (path === undefined)
    throw new InputError(`nothing to resume in ${dir}: no ${TOKENIZER_FILE}.`);
  try {
    return tokenizerFromString(
      readFileBounded(path, 256 * 2 ** 20, path, 'not a tokenizer.json').toString('utf8'),
    );
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path} is not a tokenizer.json: ${messageOf(e)}`);
  }
}
