import { describe, expect, it } from 'vitest';
import { Accuracy, ConfusionMatrix, MeanLoss, type Outputs } from './index.js';

// A hand-counted 3-class example (rows: true class, columns: predicted class):
//            pred 0  pred 1  pred 2   support
//   true 0      1       2       0        3
//   true 1      0       2       1        3
//   true 2      1       0       3        4
//   predicted   2       4       4       10
// precision = [1/2, 2/4, 3/4], recall = [1/3, 2/3, 3/4]
// f1 = [0.4, 4/7, 0.75]; accuracy = 6/10
const TRUTH = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
const PRED = [0, 1, 1, 1, 2, 2, 2, 0, 2, 1];

/** Logits whose argmax is `pred`, in batches of `size`. */
function batches(size: number): Outputs[] {
  const out: Outputs[] = [];
  for (let start = 0; start < TRUTH.length; start += size) {
    const labels = Int32Array.from(TRUTH.slice(start, start + size));
    const logits = new Float32Array(labels.length * 3);
    PRED.slice(start, start + size).forEach((p, i) => {
      logits.set([Math.sin(i), Math.cos(i), 0.5], i * 3);
      logits[i * 3 + p] = 5;
    });
    out.push({ logits, batch: labels.length, classes: 3, labels });
  }
  return out;
}

describe('streaming metrics against a hand-computed confusion matrix', () => {
  it('confusion matrix counts, whatever the batching', () => {
    for (const size of [1, 3, 10]) {
      const cm = new ConfusionMatrix(3);
      for (const b of batches(size)) cm.update(b);
      expect(cm.matrix()).toEqual([
        [1, 2, 0],
        [0, 2, 1],
        [1, 0, 3],
      ]);
    }
  });

  it('precision / recall / F1 per class, macro and weighted', () => {
    const cm = new ConfusionMatrix(3);
    cm.add(TRUTH, PRED);
    const r = cm.report();
    const close = (got: number[], want: number[]) =>
      want.forEach((w, i) => {
        expect(got[i]).toBeCloseTo(w, 12);
      });
    close(
      r.perClass.map((c) => c.precision),
      [0.5, 0.5, 0.75],
    );
    close(
      r.perClass.map((c) => c.recall),
      [1 / 3, 2 / 3, 0.75],
    );
    close(
      r.perClass.map((c) => c.f1),
      [0.4, 4 / 7, 0.75],
    );
    expect(r.perClass.map((c) => c.support)).toEqual([3, 3, 4]);
    expect(r.accuracy).toBeCloseTo(0.6, 12);
    close(
      [r.macro.precision, r.macro.recall, r.macro.f1],
      [1.75 / 3, 1.75 / 3, (0.4 + 4 / 7 + 0.75) / 3],
    );
    close(
      [r.weighted.precision, r.weighted.recall, r.weighted.f1],
      [0.6, 0.6, (3 * 0.4 + (3 * 4) / 7 + 4 * 0.75) / 10],
    );
    expect(cm.result().macro_f1).toBeCloseTo((0.4 + 4 / 7 + 0.75) / 3, 12);
  });

  it('a class never predicted has precision 0 (zero_division=0), not NaN', () => {
    const cm = new ConfusionMatrix(3);
    cm.add([0, 1, 2], [0, 0, 0]);
    const r = cm.report();
    expect(r.perClass.map((c) => c.precision)).toEqual([1 / 3, 0, 0]);
    expect(r.perClass.map((c) => c.f1)).toEqual([0.5, 0, 0]);
  });

  it('accuracy streams and skips ignored labels; binary single logit uses > 0', () => {
    const acc = new Accuracy();
    for (const b of batches(4)) acc.update(b);
    expect(acc.result().accuracy).toBeCloseTo(0.6, 12);
    const bin = new Accuracy();
    bin.update({
      logits: Float32Array.from([2, -1, 0.5, -3]),
      batch: 4,
      classes: 1,
      labels: Int32Array.from([1, 1, -1, 0]),
    });
    expect(bin.result().accuracy).toBeCloseTo(2 / 3, 12);
  });

  it('mean loss is weighted by examples; state round-trips', () => {
    const m = new MeanLoss();
    m.update({ logits: new Float32Array(0), batch: 2, classes: 2, labels: [], loss: 1 });
    m.update({ logits: new Float32Array(0), batch: 6, classes: 2, labels: [], loss: 3 });
    expect(m.result().loss).toBe(2.5);
    const copy = new MeanLoss();
    copy.setState(JSON.parse(JSON.stringify(m.getState())));
    expect(copy.result()).toEqual(m.result());
    const cm = new ConfusionMatrix(3);
    cm.add(TRUTH, PRED);
    const cm2 = new ConfusionMatrix(3);
    cm2.setState(JSON.parse(JSON.stringify(cm.getState())));
    expect(cm2.matrix()).toEqual(cm.matrix());
  });

  it('prints as tables', () => {
    const cm = new ConfusionMatrix(3, ['neg', 'neu', 'pos']);
    cm.add(TRUTH, PRED);
    expect(cm.toTable()).toBe(
      [
        'true \\ pred  neg  neu  pos',
        '-----------  ---  ---  ---',
        'neg            1    2    0',
        'neu            0    2    1',
        'pos            1    0    3',
      ].join('\n'),
    );
    const report = cm.reportTable(2).split('\n');
    expect(report[0]).toBe('class         precision  recall    f1  support');
    expect(report[2]).toBe('neg                0.50    0.33  0.40        3');
    expect(report.at(-1)).toBe('weighted avg       0.60    0.60  0.59       10');
  });
});
