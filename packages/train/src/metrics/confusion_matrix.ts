import type { Metric, Outputs } from './metric.js';
import { predictedClass } from './metric.js';
import { formatTable } from './table.js';

/** Precision, recall and F1 of one class (0 where undefined, as zero_division=0). */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Examples whose true class this is. */
  support: number;
}

/** `ConfusionMatrix.report()`: scikit-learn's classification_report as data. */
export interface ClassificationReport {
  /** Scores of each class, indexed by class id. */
  perClass: ClassScores[];
  /** Unweighted means over classes. */
  macro: Omit<ClassScores, 'support'>;
  /** Means weighted by each class's support. */
  weighted: Omit<ClassScores, 'support'>;
  accuracy: number;
  /** Examples counted. */
  support: number;
}

/**
 * Streaming confusion matrix, counts[trueClass][predictedClass], and the precision / recall / F1
 * derived from it: per class, macro (unweighted mean over classes) and weighted (by support),
 * as scikit-learn's classification_report with zero_division=0. Memory: classes^2 numbers.
 */
export class ConfusionMatrix implements Metric {
  readonly name = 'confusion_matrix';
  readonly numClasses: number;
  readonly classNames: string[];
  private counts: Float64Array;

  constructor(numClasses: number, classNames?: string[]) {
    if (!(Number.isInteger(numClasses) && numClasses >= 2)) {
      throw new Error(`ConfusionMatrix: numClasses must be an integer >= 2, got ${numClasses}.`);
    }
    if (classNames && classNames.length !== numClasses) {
      throw new Error(
        `ConfusionMatrix: ${classNames.length} class names for ${numClasses} classes.`,
      );
    }
    this.numClasses = numClasses;
    this.classNames = classNames ?? Array.from({ length: numClasses }, (_, i) => String(i));
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /** Adds pairs of (true, predicted) class ids. Negative true ids are skipped. */
  add(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
    if (truth.length !== predicted.length) {
      throw new Error(
        `ConfusionMatrix.add: ${truth.length} labels, ${predicted.length} predictions.`,
      );
    }
    const n = this.numClasses;
    for (let i = 0; i < truth.length; i++) {
      const t = Number(truth[i]);
      const p = Number(predicted[i]);
      if (t < 0) continue;
      if (t >= n || p < 0 || p >= n) {
        throw new Error(
          `ConfusionMatrix.add: class id out of [0, ${n}): true ${t}, predicted ${p}.`,
        );
      }
      this.counts[t * n + p]! += 1;
    }
  }

  update({ logits, batch, classes, labels }: Outputs): void {
    const n = this.numClasses;
    const binary = classes === 1;
    if (!binary && classes !== n) {
      throw new Error(`ConfusionMatrix: logits have ${classes} classes, the matrix ${n}.`);
    }
    const predicted = new Int32Array(batch);
    for (let row = 0; row < batch; row++) predicted[row] = predictedClass(logits, row, classes);
    this.add(
      Array.from({ length: batch }, (_, i) => Number(labels[i])),
      predicted,
    );
  }

  /** counts[t][p] as nested arrays (a copy). */
  matrix(): number[][] {
    const n = this.numClasses;
    return Array.from({ length: n }, (_, t) => Array.from(this.counts.subarray(t * n, t * n + n)));
  }

  /** Examples of true class `truth` predicted as `predicted`. */
  count(truth: number, predicted: number): number {
    return this.counts[truth * this.numClasses + predicted]!;
  }

  /** Per-class, macro and weighted scores and accuracy from the counts so far. */
  report(): ClassificationReport {
    const n = this.numClasses;
    const perClass: ClassScores[] = [];
    let total = 0;
    let correct = 0;
    for (let c = 0; c < n; c++) {
      let predictedAsC = 0;
      let support = 0;
      for (let k = 0; k < n; k++) {
        predictedAsC += this.count(k, c);
        support += this.count(c, k);
      }
      const tp = this.count(c, c);
      const precision = predictedAsC > 0 ? tp / predictedAsC : 0;
      const recall = support > 0 ? tp / support : 0;
      const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      perClass.push({ precision, recall, f1, support });
      total += support;
      correct += tp;
    }
    const avg = (key: 'precision' | 'recall' | 'f1', weighted: boolean) =>
      perClass.reduce((s, c) => s + c[key] * (weighted ? c.support / (total || 1) : 1 / n), 0);
    return {
      perClass,
      macro: {
        precision: avg('precision', false),
        recall: avg('recall', false),
        f1: avg('f1', false),
      },
      weighted: {
        precision: avg('precision', true),
        recall: avg('recall', true),
        f1: avg('f1', true),
      },
      accuracy: total > 0 ? correct / total : 0,
      support: total,
    };
  }

  result(): Record<string, number> {
    const r = this.report();
    return {
      macro_precision: r.macro.precision,
      macro_recall: r.macro.recall,
      macro_f1: r.macro.f1,
      weighted_precision: r.weighted.precision,
      weighted_recall: r.weighted.recall,
      weighted_f1: r.weighted.f1,
    };
  }

  reset(): void {
    this.counts.fill(0);
  }

  getState(): unknown {
    return Array.from(this.counts);
  }

  setState(state: unknown): void {
    const counts = state as number[];
    if (counts.length !== this.counts.length) {
      throw new Error(
        `ConfusionMatrix.setState: ${counts.length} counts for ${this.numClasses} classes.`,
      );
    }
    this.counts = Float64Array.from(counts);
  }

  /** The matrix as a text table, rows = true class, columns = predicted class. */
  toTable(): string {
    return formatTable(
      ['true \\ pred', ...this.classNames],
      this.matrix().map((row, t) => [this.classNames[t]!, ...row.map(String)]),
    );
  }

  /** Per-class precision / recall / F1 / support, then accuracy, macro and weighted averages. */
  reportTable(digits = 4): string {
    const r = this.report();
    const f = (x: number) => x.toFixed(digits);
    return formatTable(
      ['class', 'precision', 'recall', 'f1', 'support'],
      [
        ...r.perClass.map((c, i) => [
          this.classNames[i]!,
          f(c.precision),
          f(c.recall),
          f(c.f1),
          String(c.support),
        ]),
        ['accuracy', '', '', f(r.accuracy), String(r.support)],
        ['macro avg', f(r.macro.precision), f(r.macro.recall), f(r.macro.f1), String(r.support)],
        [
          'weighted avg',
          f(r.weighted.precision),
          f(r.weighted.recall),
          f(r.weighted.f1),
          String(r.support),
        ],
      ],
    );
  }
}
