/** `tfnlp-sentiment info`: what a model folder holds. */
import { EXIT_OK } from './errors.js';
import { loadModelDir, ngramsOf } from './model.js';
import type { Out } from './output.js';

export function info(o: { modelDir: string; json: boolean; stdout: Out }): number {
  const m = loadModelDir(o.modelDir);
  const r = m.record;
  const config = m.model.getConfig();
  const ngrams = ngramsOf(m.tokenizer);
  const size = m.tokenizer.getVocabSize();
  const summary = {
    model: m.dir,
    architecture: r.arch,
    module: config,
    parameters: m.model.numParameters(),
    vocabulary: { size, tokenizer: { type: 'WordLevel', ngrams } },
    maxLength: r.maxLength,
    labels: r.labels,
    bytes: m.bytes,
    recipe: r.recipe,
    command: r.command,
    wallSeconds: r.wallSeconds,
    bestEpoch: r.bestEpoch,
    validation: r.validation,
    test: r.test,
    createdAt: r.createdAt,
  };
  if (o.json) {
    o.stdout.write(`${JSON.stringify(summary)}\n`);
    return EXIT_OK;
  }
  const w = (s: string) => o.stdout.write(`${s}\n`);
  const pct = (x: unknown) => (typeof x === 'number' ? `${(100 * x).toFixed(2)} %` : '-');
  w(`model         ${m.dir}`);
  w(`architecture  ${r.arch} (${config.type} ${JSON.stringify(config.options)})`);
  w(`parameters    ${summary.parameters.toLocaleString('en-US')}`);
  w(
    `vocabulary    ${size.toLocaleString('en-US')} tokens (${ngrams === 2 ? 'words + word bigrams' : 'words'}), max length ${r.maxLength}`,
  );
  w(`files         ${(m.bytes / 1e6).toFixed(2)} MB`);
  if (r.command) w(`trained with  ${r.command}`);
  if (r.wallSeconds !== undefined) w(`wall time     ${Math.round(r.wallSeconds)} s`);
  if (r.validation)
    w(`validation    accuracy ${pct(r.validation.accuracy)} (best epoch ${r.bestEpoch})`);
  const test = (r.test as Record<string, { accuracy?: number; examples?: number }> | undefined)
    ?.test;
  if (test) w(`test          accuracy ${pct(test.accuracy)} on ${test.examples} reviews`);
  return EXIT_OK;
}
