/** `tfnlp-sentiment eval`: scores of a model on an IMDB split. */
import { formatDuration } from '@tfnlp/core';
import { ConfusionMatrix } from '@tfnlp/train';
import { loadImdb } from './data.js';
import { EXIT_OK } from './errors.js';
import { classify, encodeText, LABELS, loadModelDir, writeRecord } from './model.js';
import { bold, type Out } from './output.js';

export interface EvalOptions {
  data: string | undefined;
  split: 'train' | 'test';
  modelDir: string;
  json: boolean;
  save: boolean;
  stdout: Out;
}

export async function evaluate(o: EvalOptions): Promise<number> {
  const started = Date.now();
  const loaded = loadModelDir(o.modelDir);
  const examples = await loadImdb(o.data, o.split, (line) => process.stderr.write(`${line}\n`));
  const ids = examples.map((ex) => encodeText(loaded.tokenizer, ex.text, loaded.record.maxLength));
  const probs = classify(loaded, ids);
  const C = LABELS.length;
  const predicted = examples.map((_, i) => (probs[i * C + 1]! >= probs[i * C]! ? 1 : 0));
  const cm = new ConfusionMatrix(C, [...LABELS]);
  cm.add(
    examples.map((ex) => ex.label),
    predicted,
  );
  const report = cm.report();
  const seconds = (Date.now() - started) / 1000;
  const result = {
    split: o.split,
    examples: examples.length,
    accuracy: report.accuracy,
    perClass: Object.fromEntries(LABELS.map((l, i) => [l, report.perClass[i]])),
    macro: report.macro,
    confusionMatrix: { labels: [...LABELS], rowsAreTrue: true, counts: cm.matrix() },
    seconds: Math.round(seconds * 10) / 10,
  };
  if (o.save) {
    loaded.record.test = {
      ...loaded.record.test,
      [o.split]: { ...result, evaluatedAt: new Date().toISOString() },
    };
    await writeRecord(loaded.dir, loaded.record);
  }
  if (o.json) {
    o.stdout.write(`${JSON.stringify(result)}\n`);
    return EXIT_OK;
  }
  const w = (s: string) => o.stdout.write(`${s}\n`);
  w(
    `${bold(o.stdout, `accuracy ${(100 * report.accuracy).toFixed(2)} %`)} on ${examples.length} ${o.split} reviews (${formatDuration(seconds)})`,
  );
  w('');
  w(cm.reportTable());
  w('');
  w('confusion matrix (rows: true, columns: predicted)');
  w(cm.toTable());
  return EXIT_OK;
}
