/**
 * Checks, before Start, that labelled texts can be trained on with the given validation share,
 * so a file that cannot work is refused on the page rather than failing inside the worker.
 * Mirrors the split the worker makes (`stratifiedSplit`: per class, round(n * share) held out).
 */
import type { LabelledTexts } from './columns.js';

/** Fewest examples the Train tab accepts (fewer cannot train and validate meaningfully). */
export const MIN_EXAMPLES = 10;
/** Fewest examples per class: one to train on and one that may be held out. */
export const MIN_PER_CLASS = 2;

/** Examples per class of `data`, in `data.classes` order. */
export function classCounts(data: LabelledTexts): number[] {
  const counts = data.classes.map(() => 0);
  for (const l of data.labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

/**
 * Why `data` cannot be trained on with `validationFraction` held out, in one line, or null when
 * it can: too few examples, a class with fewer than MIN_PER_CLASS, or a share that leaves no
 * validation examples or a class with nothing to train on.
 */
export function dataProblem(data: LabelledTexts, validationFraction: number): string | null {
  const n = data.texts.length;
  if (data.labels.length !== n) return `${n} texts but ${data.labels.length} labels`;
  if (data.classes.length < 2) return 'a classifier needs at least 2 classes';
  if (n < MIN_EXAMPLES) {
    return `${n} examples; training needs at least ${MIN_EXAMPLES} (at least ${MIN_PER_CLASS} per class): add rows`;
  }
  const counts = classCounts(data);
  const small = data.classes.filter((_, i) => counts[i]! < MIN_PER_CLASS);
  if (small.length > 0) {
    return `class(es) ${small.map((c) => `"${c}"`).join(', ')} have fewer than ${MIN_PER_CLASS} examples: add rows or remove them`;
  }
  if (!(validationFraction > 0 && validationFraction < 1)) return null; // the settings check says so
  let validation = 0;
  const starved: string[] = [];
  counts.forEach((c, i) => {
    const held = Math.round(c * validationFraction);
    validation += held;
    if (c - held < 1) starved.push(data.classes[i]!);
  });
  if (validation === 0) {
    return `holding out ${Math.round(validationFraction * 100)} % leaves no validation examples: raise "Validation %" or add rows`;
  }
  if (starved.length > 0) {
    return `holding out ${Math.round(validationFraction * 100)} % leaves nothing to train on for ${starved.map((c) => `"${c}"`).join(', ')}: lower "Validation %"`;
  }
  return null;
}
