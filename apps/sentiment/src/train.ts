/** `tfnlp-sentiment train`: data -> tokenizer -> model -> Trainer, with progress, validation, best-model saving, resume and Ctrl-C. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type PaddedBatch, paddedBatches, stratifiedSplit } from '@tfnlp/datasets';
import {
  type Tokenizer,
  tokenizerFromString,
  tokenizerToJson,
  WordLevelTokenizer,
} from '@tfnlp/tokenizers';
import {
  Accuracy,
  AdamW,
  type Callback,
  formatDuration,
  LinearWarmupDecay,
  Trainer,
} from '@tfnlp/train';
import { DataParallel, fileStorage } from '@tfnlp/train/node';
import { loadImdb } from './data.js';
import { EXIT_INTERRUPTED, EXIT_OK, InputError, UsageError } from './errors.js';
import {
  ARCHS,
  type Arch,
  type ArchOptions,
  buildClassifier,
  type Classifier,
  encodeText,
  LABELS,
  saveModelDir,
  TOKENIZER_FILE,
  type TrainingRecord,
  tokenizerOptions,
  UNK_ID,
} from './model.js';
import { formatProgress, green, type Out } from './output.js';
import { forward, type ReplicaOptions } from './replica.js';

export const RUN_FILE = 'run.json';

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

/** Per-architecture defaults: the bag model uses bigrams and long inputs, the others words only. */
export function defaultsFor(
  arch: Arch,
): Omit<TrainSettings, 'data' | 'arch' | 'seed' | 'maxSteps' | 'checkpointEvery'> {
  const common = { warmup: 0.05, validationFraction: 0.1, weightDecay: 0.01 };
  switch (arch) {
    case 'bag':
      return {
        ...common,
        epochs: 2,
        batchSize: 32,
        maxLength: 1200,
        lr: 0.02,
        vocabSize: 100_000,
        ngrams: 2,
        embeddingDim: 16,
        hiddenSize: 0,
        dropout: 0.5,
      };
    case 'transformer':
      return {
        ...common,
        epochs: 3,
        batchSize: 32,
        maxLength: 256,
        lr: 0.0005,
        vocabSize: 25_000,
        ngrams: 1,
        embeddingDim: 64,
        hiddenSize: 0,
        dropout: 0.1,
      };
    default:
      return {
        ...common,
        epochs: 3,
        batchSize: 32,
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

export interface TrainRun {
  settings: TrainSettings;
  out: string;
  resume: boolean;
  command: string;
  stdout: Out;
  stderr: Out;
}

export async function train(run: TrainRun): Promise<number> {
  const { settings: s, out, stdout } = run;
  const started = Date.now();
  const log = (line: string) => stdout.write(`${line}\n`);
  mkdirSync(out, { recursive: true });
  if (!run.resume)
    writeFileSync(
      join(out, RUN_FILE),
      `${JSON.stringify({ settings: s, command: run.command }, null, 2)}\n`,
    );

  log(`reading IMDB train split from ${s.data ?? 'the datasets cache'}`);
  const all = await loadImdb(s.data ?? undefined, 'train', log);
  const { train: trainPart, validation } = await stratifiedSplit(all, {
    validationFraction: s.validationFraction,
    seed: s.seed,
  });
  let tokenizer: Tokenizer;
  const tokPath = join(out, TOKENIZER_FILE);
  if (run.resume) {
    try {
      tokenizer = tokenizerFromString(readFileSync(tokPath, 'utf8'));
    } catch (e) {
      throw new InputError(`${tokPath} is not a tokenizer.json: ${(e as Error).message}`);
    }
  } else {
    // The vocabulary comes from the train part only (validation text never counted).
    tokenizer = WordLevelTokenizer.train(
      trainPart.map((ex) => ex.text),
      { ...tokenizerOptions(s.ngrams), vocabSize: s.vocabSize, minCount: 2 },
    );
    writeFileSync(tokPath, JSON.stringify(tokenizerToJson(tokenizer)));
  }
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

  const archOptions: ArchOptions = {
    vocabSize,
    embeddingDim: s.embeddingDim,
    hiddenSize: s.hiddenSize,
    dropout: s.dropout,
    maxLength: s.maxLength,
    seed: s.seed,
  };
  const model = buildClassifier(s.arch, archOptions);
  const parameters = model.numParameters();
  const threads = s.threads ?? 1;
  log(
    `model: ${s.arch}, ${parameters.toLocaleString('en-US')} parameters; ` +
      (threads > 1 ? `${threads} threads (data-parallel)` : '1 thread'),
  );
  // Worker threads that each compute the gradients of a part of every batch.
  const parallel =
    threads > 1
      ? await DataParallel.start<PaddedBatch>({
          module: new URL('./replica.js', import.meta.url),
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

  // Best model by validation accuracy, saved as the model folder's files; state kept in checkpoints.
  let best = { accuracy: -1, epoch: -1, history: [] as Array<Record<string, number>> };
  const bestModel: Callback = {
    name: 'best-model',
    onEpochEnd: (event) => {
      const acc = event.logs.val_accuracy ?? -1;
      best.history.push({ ...event.logs });
      if (acc > best.accuracy) {
        best = { accuracy: acc, epoch: event.epoch + 1, history: best.history };
        const validationScores = Object.fromEntries(
          Object.entries(event.logs)
            .filter(([k]) => k.startsWith('val_'))
            .map(([k, v]) => [k.slice(4), v]),
        );
        saveModelDir(out, model, undefined, {
          ...record(),
          bestEpoch: best.epoch,
          validation: validationScores,
          history: [...best.history],
        });
        log(green(stdout, `  saved best model (val_accuracy ${acc.toFixed(4)}) to ${out}`));
      }
    },
    // The training loop only awaits microtasks; yielding to the event loop after each update
    // lets signal handlers (Ctrl-C) and stdout writes run.
    onStepEnd: () => new Promise<void>((resolveStep) => setImmediate(resolveStep)),
    getState: () => best,
    setState: (state) => {
      best = state as typeof best;
    },
  };

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
    callbacks: [bestModel],
    ...(parallel ? { parallel } : {}),
    checkpoint: {
      storage: fileStorage(join(out, 'checkpoints')),
      everyEpoch: true,
      keep: 2,
      ...(s.checkpointEvery ? { everySteps: s.checkpointEvery } : {}),
    },
  });

  const every = Math.max(1, Math.floor(stepsPerEpoch / 10));
  let lastLine = '';
  trainer.on('step', (e) => {
    const info = {
      epoch: e.epoch,
      epochs: e.epochs,
      stepInEpoch: e.stepInEpoch,
      stepsPerEpoch: e.stepsPerEpoch,
      samplesPerSecond: e.samplesPerSecond,
      loss: e.loss,
      accuracy: e.metrics.accuracy,
      etaSeconds: e.etaSeconds,
    };
    let line = formatProgress(info);
    if (stdout.isTTY) {
      const cols = process.stdout.columns ?? 120;
      // The bar takes what the terminal has left (10 to 30 columns); the line is cut to the width.
      const bar = Math.max(10, Math.min(30, cols - 4 - formatProgress(info, 0).length));
      line = formatProgress(info, bar);
      stdout.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(lastLine.length, cols - 1))}`);
      lastLine = line;
    } else if (e.stepInEpoch % every === 0 || e.stepInEpoch === e.stepsPerEpoch) {
      log(line);
    }
  });
  trainer.on('epoch', (e) => {
    if (stdout.isTTY && lastLine) stdout.write('\n');
    lastLine = '';
    const l = e.logs;
    log(
      `epoch ${e.epoch + 1}/${e.epochs}: loss ${l.loss?.toFixed(4)}  accuracy ${l.accuracy?.toFixed(4)}  ` +
        `val_loss ${l.val_loss?.toFixed(4)}  val_accuracy ${l.val_accuracy?.toFixed(4)}  (${formatDuration(e.elapsedSeconds)})`,
    );
  });

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      process.stderr.write('\ninterrupted again: exiting without a checkpoint\n');
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    trainer.stop('interrupted (Ctrl-C)', 'requested');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    if (run.resume) log(`resuming from ${join(out, 'checkpoints')}`);
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
    if (stdout.isTTY && lastLine) stdout.write('\n');
    if (interrupted) {
      const path = await trainer.checkpoint();
      log(`interrupted at step ${result.step}: checkpoint written to ${path}`);
      log(`resume with: tfnlp-sentiment train --resume ${out}`);
      return EXIT_INTERRUPTED;
    }
    if (result.stopReason === 'max-steps') {
      // Stopped by --max-steps: checkpoint where we are; keep a model if no epoch ended yet.
      const path = await trainer.checkpoint();
      if (best.epoch < 0)
        saveModelDir(out, model, undefined, { ...record(), history: result.history });
      log(
        `stopped at step ${result.step} (--max-steps): checkpoint ${path}; ` +
          (best.epoch < 0 ? `model saved to ${out}` : `best model (epoch ${best.epoch}) in ${out}`),
      );
      log(`continue with: tfnlp-sentiment train --resume ${out}`);
      return EXIT_OK;
    }
    const wallSeconds = (Date.now() - started) / 1000;
    const recPath = join(out, 'training.json');
    if (existsSync(recPath)) {
      const rec = JSON.parse(readFileSync(recPath, 'utf8')) as TrainingRecord;
      rec.history = result.history;
      rec.wallSeconds = Math.round(wallSeconds);
      writeFileSync(recPath, `${JSON.stringify(rec, null, 2)}\n`);
    }
    log(
      `done in ${formatDuration(wallSeconds)}: best val_accuracy ${best.accuracy.toFixed(4)} (epoch ${best.epoch}); model in ${out}`,
    );
    return EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await parallel?.close();
  }
}

/** Reads the settings of the run in `dir` for --resume. */
export function readRun(dir: string): { settings: TrainSettings; command: string } {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path) || !existsSync(join(dir, 'checkpoints', 'latest.json'))) {
    throw new InputError(
      `nothing to resume in ${dir}: no ${RUN_FILE} or checkpoints/latest.json there.`,
    );
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`${path} is not valid JSON (${(e as Error).message}).`);
  }
}

export function parseArch(value: string): Arch {
  if (!(ARCHS as readonly string[]).includes(value)) {
    throw new UsageError(`--arch must be one of ${ARCHS.join(', ')}; got '${value}'.`);
  }
  return value as Arch;
}

export const resolveDir = (dir: string) => resolve(dir);
