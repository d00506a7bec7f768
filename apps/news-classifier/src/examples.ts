/**
 * Example texts for the Classify tab. Each shipped model folder lists its own examples in
 * `examples.json` (written for this page, not taken from any dataset), each naming the class it
 * is written for; the edge cases below (markup, non-Latin scripts) suit every model, including
 * one trained in this browser.
 */

/** One example button: its title, the text it fills in, and the class it was written for. */
export interface Example {
  title: string;
  text: string;
  /** The class the text was written for (absent for the model-independent edge cases). */
  label?: string;
}

/** Texts that test the page rather than a model: shown for every model. */
export const EDGE_CASE_EXAMPLES: readonly Example[] = [
  {
    title: 'HTML',
    text: '<b>Bold?</b> <script>alert("x")</script> <img src=x onerror=alert(1)> The team won.',
  },
  {
    title: 'Non-Latin',
    text: 'Ποδόσφαιρο: η ομάδα κέρδισε 2-1. Футбол: команда победила. 足球比赛 サッカー 🏆 The team won the cup final.',
  },
];

/**
 * Checks a model folder's `examples.json` (parsed): an array of `{ title, text, label? }` whose
 * labels are classes of the model. Throws one line naming what is wrong.
 */
export function parseExamples(json: unknown, labels: readonly string[], source: string): Example[] {
  if (!Array.isArray(json)) throw new Error(`${source}: expected an array of examples`);
  const known = new Set(labels);
  return json.map((e: unknown, i) => {
    const o = (e ?? {}) as Record<string, unknown>;
    const { title, text, label } = o;
    if (typeof title !== 'string' || typeof text !== 'string') {
      throw new Error(`${source}[${i}]: each example needs a string "title" and "text"`);
    }
    if (label !== undefined && (typeof label !== 'string' || !known.has(label))) {
      throw new Error(
        `${source}[${i}]: label ${JSON.stringify(label)} is not a class of the model`,
      );
    }
    return label === undefined ? { title, text } : { title, text, label };
  });
}
