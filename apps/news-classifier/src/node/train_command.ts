/**
 * The news classifier's training command (scripts/train.mjs runs it): reads a recipe, loads the
 * dataset, trains with the shared pipeline (src/pipeline/) and writes the model folder
 * (model.safetensors, model.json, tokenizer.json, info.json) as a unit. Node only.
 */
import { rmdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, wasmInfo } from '@tfnlp/backend-wasm';
import {
  acquireLock,
  assertWritable,
  cleanStaleTemps,
  formatDuration,
  writeFolderAtomic,
} from '@tfnlp/core/node';
import type { PaddedBatch } from '@tfnlp/datasets';
import { saveModel, type TransformerClassifier } from '@tfnlp/layers';
import { type Tokenizer, tokenizerToJson } from '@tfnlp/tokenizers';
import { EarlyStopping } from '@tfnlp/train';
import { DataParallel } from '@tfnlp/train/node';
import type { ModelInfo } from '../model.js';
import {
  architectureInfo,
  createClassifier,
  createTrainer,
  encodeExamples,
  evalBatches,
  modelOptions,
  score,
  trainBatches,
  trainTokenizer,
} from '../pipeline/pipeline.js';
import type { NewsRecipe } from '../pipeline/recipe.js';
import { DATASETS } from './datasets.js';
import { parseCommand, type RunOptions } from './flags.js';
import { holdOut } from './holdout.js';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What the model folder's info.json records about one run. */
interface Written {
  scores: Record<string, unknown>;
  history: Array<Record<string, number>>;
  bestEpoch: number;
  steps: number;
  wallSeconds: number;
}

/**
 * Checks before training that the output folder can be written as a unit: its parent takes the
 * staging folder, and no other process holds its writer lock. Temporaries a killed run left
 * beside it are removed first (an old folder moved aside mid-swap is put back).
 */
export async function checkOutputFolder(out: string): Promise<void> {
  await assertWritable(dirname(out));
  const cleaned = await cleanStaleTemps(dirname(out));
  for (const p of [...cleaned.removed, ...cleaned.restored]) {
    console.warn(`cleaned up after a killed run: ${p}`);
  }
  const existed = await stat(out).then(
    () => true,
    () => false,
  );
  const lock = await acquireLock(out);
  await lock.release();
  // Created only to take the lock: removed again, so a run that fails leaves nothing behind.
  if (!existed) await rmdir(out).catch(() => undefined);
}

/** More threads than cores only slow a run down: capped, with a message. */
export function capThreads(threads: number, cores = availableParallelism()): number {
  if (threads <= cores) return threads;
  console.warn(
    `--threads ${threads}: this machine has ${cores} core(s); using ${cores} ` +
      '(the run then differs from the recipe in the last digits of the gradients).',
  );
  return cores;
}

/** Runs the command; resolves to the exit code: 0 done, 2 bad arguments or recipe, 1 failed. */
export async function main(argv: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  if (command.help) {
    console.log(command.usage);
    return 0;
  }
  try {
    await train(command.recipe, command.run, command.args);
  } catch (e) {
    // One line (a missing archive, an unwritable folder, a lock held by another run).
    console.error(`error: ${(e as Error).message.split('\n')[0]}`);
    return 1;
  }
  return 0;
}

/** Trains one model from `r` and writes its folder. */
export async function train(
  r: NewsRecipe,
  run: RunOptions,
  args: readonly string[],
): Promise<void> {
  const ds = DATASETS[r.dataset];
  const dataPath = resolve(run.data ?? join(APP, '..', '..', '..', 'shared', 'data', ds.file));
  const out = resolve(run.out ?? join(APP, 'public', 'models', r.dataset));
  await checkOutputFolder(out);
  const threads = capThreads(r.threads);
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

  await initWasm();
  const { kernels: _k, ...wasm } = await wasmInfo();
  log(`backend ${JSON.stringify(wasm)}`);
  log(`reading ${ds.name} from ${dataPath}`);
  const loaded = await ds.load(dataPath, r.seed, r.remove);
  const { test, split } = loaded;
  const validationSplit = {
    random: `${r.validation} of each class of the train split, seed ${r.seed}`,
    latest: `the highest-numbered ${r.validation} of each class of the train split`,
    threads: `the latest-started threads of each class of the train split, ${r.validation} of its posts`,
  }[r.holdout];
  const { train, validation } = holdOut(loaded.train, r.validation, r.seed, { by: r.holdout });
  const numClasses = Math.max(...train.map((e) => e.label)) + 1;
  const labels =
    ds.labels ??
    Array.from({ length: numClasses }, (_, i) => train.find((e) => e.label === i)?.group ?? `${i}`);
  const tokenizer = trainTokenizer(
    train.map((e) => e.text),
    r,
  );
  const vocabSize = tokenizer.getVocabSize();
  log(
    `${train.length} train / ${validation.length} validation / ${test.length} test; ` +
      `vocabulary ${vocabSize}; ${split}`,
  );
  const trainSet = encodeExamples(tokenizer, train, r);
  const valSet = evalBatches(encodeExamples(tokenizer, validation, r));
  const options = modelOptions(r, vocabSize, numClasses);
  const model = createClassifier(options, trainSet);
  const parameters = model.numParameters();
  log(`model: ${JSON.stringify(options)}; ${parameters.toLocaleString('en-US')} parameters`);

  // Saves are chained (one writer of the folder at a time); the files are taken when asked for.
  let saving = Promise.resolve();
  const writeFolder = (w: Written) => {
    const files = modelFolderFiles(
      model,
      tokenizer,
      {
        id: r.dataset,
        name: ds.name,
        labels,
        maxLength: r.maxLength,
        architecture: architectureInfo(r),
        parameters,
        vocabularySize: vocabSize,
        scores: w.scores as ModelInfo['scores'],
        training: {
          command: `node apps/news-classifier/scripts/train.mjs ${args.join(' ')}`.trim(),
          recipe: r,
          trainExamples: train.length,
          validationExamples: validation.length,
          bestEpoch: w.bestEpoch + 1,
          steps: w.steps,
          history: w.history,
          wallSeconds: w.wallSeconds,
          backend: wasm,
          createdAt: new Date().toISOString(),
        },
      },
      r.float16,
    );
    saving = saving.then(() => writeFolderAtomic(out, files));
    return saving;
  };

  // threads > 1: threads - 1 worker threads compute the gradients of their share of every batch.
  const parallel =
    threads > 1
      ? await DataParallel.start<PaddedBatch>({
          module: new URL('./replica.js', import.meta.url),
          options: { modelOptions: options },
          replicas: threads,
        })
      : undefined;
  const stepsPerEpoch = Math.ceil(trainSet.length / r.batchSize);
  const trainer = createTrainer(model, r, {
    stepsPerEpoch,
    ...(parallel ? { parallel } : {}),
    // With a validation split: keep the weights of the epoch with the best validation accuracy.
    callbacks: validation.length
      ? [new EarlyStopping({ monitor: 'val_accuracy', patience: r.epochs, restoreBest: true })]
      : [],
  });
  const every = Math.max(1, Math.floor(stepsPerEpoch / 5));
  trainer.on('step', (e) => {
    if (e.stepInEpoch % every === 0)
      log(
        `epoch ${e.epoch + 1} step ${e.stepInEpoch}/${e.stepsPerEpoch} loss ${e.loss.toFixed(4)} ` +
          `acc ${e.metrics.accuracy?.toFixed(4)}`,
      );
  });
  let bestSoFar = Number.NEGATIVE_INFINITY;
  const epochLogs: Array<Record<string, number>> = [];
  const saves: Promise<void>[] = [];
  trainer.on('epoch', (e) => {
    epochLogs.push(e.logs);
    const l = e.logs;
    const val = validation.length
      ? ` val loss ${l.val_loss?.toFixed(4)} val accuracy ${l.val_accuracy?.toFixed(4)}`
      : '';
    log(
      `epoch ${e.epoch + 1}/${e.epochs}: loss ${l.loss?.toFixed(4)} accuracy ${l.accuracy?.toFixed(4)}` +
        `${val} (${formatDuration(e.elapsedSeconds)})`,
    );
    // --save-best: the folder always holds the best epoch so far (validation only, no test
    // score), so a run cut short still leaves a usable model.
    const acc = l.val_accuracy ?? Number.NaN;
    if (run.saveBest && validation.length && acc > bestSoFar) {
      bestSoFar = acc;
      const scores = {
        validation: {
          split: validationSplit,
          epoch: e.epoch + 1,
          examples: validation.length,
          accuracy: acc,
        },
      };
      const w = {
        scores,
        history: [...epochLogs],
        bestEpoch: e.epoch,
        steps: e.step,
        wallSeconds: Math.round(e.elapsedSeconds),
      };
      saves.push(
        writeFolder(w).then(() =>
          log(`saved epoch ${e.epoch + 1} (best validation accuracy so far) to ${out}`),
        ),
      );
    }
  });
  try {
    const result = await trainer.fit(trainBatches(trainSet, r), {
      epochs: r.epochs,
      ...(run.maxSteps !== undefined ? { maxSteps: run.maxSteps } : {}),
      ...(validation.length ? { validation: valSet.batches } : {}),
    });
    await Promise.all(saves);
    // The kept epoch: the best validation accuracy (EarlyStopping restored it), else the last
    // (a --max-steps run that stopped mid-epoch keeps its last weights).
    const hist = result.history;
    const bestEpoch =
      validation.length && result.stopReason !== 'max-steps' && hist.length
        ? hist.reduce(
            (b, h, i) => ((h.val_accuracy ?? 0) > (hist[b]!.val_accuracy ?? 0) ? i : b),
            0,
          )
        : hist.length - 1;
    if (hist.length && validation.length)
      log(`keeping the weights of epoch ${bestEpoch + 1} (${result.stopReason})`);
    const trainSeconds = (Date.now() - started) / 1000;
    const scores: Record<string, unknown> = {};
    if (validation.length) {
      const { correct, ...v } = await score(trainer, valSet, labels);
      scores.validation = { split: validationSplit, epoch: bestEpoch + 1, ...v };
      log(`validation accuracy ${v.accuracy.toFixed(4)} (${correct}/${v.examples})`);
    }
    if (!run.skipTest) {
      // Scored once, on the final (best-validation) weights.
      const { correct, ...t } = await score(
        trainer,
        evalBatches(encodeExamples(tokenizer, test, r)),
        labels,
      );
      scores.test = { split, ...t };
      log(`test accuracy ${t.accuracy.toFixed(4)} (${correct}/${t.examples})`);
    }
    await writeFolder({
      scores,
      history: hist,
      bestEpoch,
      steps: result.step,
      wallSeconds: Math.round(trainSeconds),
    });
    log(`wrote ${out} in ${formatDuration((Date.now() - started) / 1000)}`);
  } finally {
    await parallel?.close();
    trainer.optimizer.dispose();
    model.dispose();
  }
}

/** A model folder's files now: weights, config, tokenizer and info.json. */
export function modelFolderFiles(
  model: TransformerClassifier,
  tokenizer: Tokenizer,
  info: ModelInfo,
  float16: boolean,
): Record<string, Uint8Array | string> {
  const saved = saveModel(model, { float16 });
  return {
    'model.safetensors': saved.weights,
    'model.json': `${JSON.stringify(saved.config, null, 2)}\n`,
    'tokenizer.json': JSON.stringify(tokenizerToJson(tokenizer)),
    'info.json': `${JSON.stringify(info, null, 2)}\n`,
  };
}
