// Bad recipe files, bad flags and bad output folders: each refused before any training, with one
// line naming the key or flag and what it must be.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseCommand, readRecipeFile } from '../src/node/flags.js';
import { capThreads, checkOutputFolder } from '../src/node/train_command.js';
import { parseRecipe, trainingBytes } from '../src/pipeline/recipe.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const BBC = join(APP, 'recipes', 'bbc.json');
const tmp = mkdtempSync(join(tmpdir(), 'tfnlp-news-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Throws exactly one line matching `pattern`. */
function expectOneLine(run: () => unknown, pattern: RegExp) {
  let message = '';
  try {
    run();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
}

describe('recipe files', () => {
  it.each<[string, unknown, RegExp]>([
    ['not an object', [1, 2], /a recipe is a JSON object/],
    ['null', null, /a recipe is a JSON object/],
    ['unknown key', { epoch: 3 }, /unknown key "epoch"/],
    ['prototype key', JSON.parse('{"__proto__": {"epochs": 1}}'), /unknown key "__proto__"/],
    ['string number', { epochs: '12' }, /epochs must be an integer in \[1, 100000\], got "12"/],
    ['fraction epochs', { epochs: 1.5 }, /epochs must be an integer/],
    ['zero batch', { batchSize: 0 }, /batchSize must be an integer/],
    ['negative lr', { lr: -1 }, /lr must be a number in \(0, 10\)/],
    ['zero lr', { lr: 0 }, /lr must be a number in \(0, 10\)/],
    ['dropout 1', { dropout: 1 }, /dropout must be a number in \[0, 1\)/],
    ['validation 1', { validation: 1 }, /validation must be a number in \[0, 1\)/],
    [
      'bad pooling',
      { pooling: 'sum' },
      /pooling must be one of mean, max, first, tfidf, got "sum"/,
    ],
    ['bad dataset', { dataset: 'imdb' }, /dataset must be one of bbc, 20news, agnews/],
    ['bad holdout', { holdout: 'oldest' }, /holdout must be one of random, latest, threads/],
    ['bool as string', { float16: 'true' }, /float16 must be true or false, got "true"/],
    ['bad remove', { remove: ['signatures'] }, /remove must be a list of headers, footers, quotes/],
    ['remove not a list', { remove: 'headers' }, /remove must be a list/],
    ['heads', { dModel: 30, numHeads: 4 }, /dModel \(30\) must be a multiple of numHeads \(4\)/],
    ['post-norm layerScale', { layerScale: 0.1 }, /layerScale needs normFirst: true/],
    ['post-norm finalNorm', { finalNorm: false }, /finalNorm: false needs normFirst: true/],
    ['final norm eps 0', { finalNormEps: 0 }, /finalNormEps must be a number in \(0, /],
    ['threads 0', { threads: 0 }, /threads must be an integer in \[1, 1024\]/],
    ['seed negative', { seed: -1 }, /seed must be an integer/],
    [
      'huge vocabulary',
      { vocabSize: 10_000_000, dModel: 1024 },
      /model too large for the 2 GiB wasm heap/,
    ],
    [
      'huge attention',
      { maxLength: 8192, batchSize: 64 },
      /model too large for the 2 GiB wasm heap/,
    ],
    ['NaN via null', { tokenDropout: null }, /tokenDropout must be a number in \[0, 1\), got null/],
  ])('%s', (_name, json, pattern) => {
    expectOneLine(() => parseRecipe(json, 'recipe x.json'), pattern);
    expectOneLine(() => parseRecipe(json, 'recipe x.json'), /^recipe x\.json: /);
  });

  it('names the file when it is missing or not JSON', () => {
    expectOneLine(
      () => readRecipeFile(join(tmp, 'none.json')),
      /cannot read recipe .*none\.json: ENOENT/,
    );
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{ "epochs": 3, }');
    expectOneLine(() => readRecipeFile(bad), /recipe .*bad\.json is not JSON/);
  });

  it('estimates the shipped recipes well inside the heap', () => {
    for (const id of ['bbc', '20news']) {
      const r = readRecipeFile(join(APP, 'recipes', `${id}.json`));
      expect(trainingBytes(r)).toBeLessThan(2 ** 28);
    }
  });

  it('takes the defaults for missing keys', () => {
    expect(parseRecipe({ epochs: 3 }).epochs).toBe(3);
    expect(parseRecipe({}).lr).toBe(0.002);
  });
});

describe('flags', () => {
  it.each<[string[], RegExp]>([
    [[], /no recipe: pass --recipe FILE/],
    [['imdb'], /unknown dataset 'imdb'/],
    [['bbc', '20news'], /one dataset at most/],
    [['--recipe', BBC, '--epochs', 'abc'], /--epochs must be a number, got "abc"/],
    [['--recipe', BBC, '--epochs', ''], /--epochs must be a number, got ""/],
    [['--recipe', BBC, '--epochs', '12abc'], /--epochs must be a number/],
    [
      ['--recipe', BBC, '--epochs', '0'],
      /--epochs: epochs must be an integer in \[1, 100000\], got 0/,
    ],
    [['--recipe', BBC, '--lr', 'Infinity'], /--lr must be a number, got "Infinity"/],
    [['--recipe', BBC, '--lr=-0.1'], /--lr: lr must be a number in \(0, 10\)/],
    [['--recipe', BBC, '--lr', '-0.1'], /--lr: lr must be a number in \(0, 10\), got -0.1/],
    [['--recipe', BBC, '--seed', '-1'], /--seed: seed must be an integer in \[0, /],
    [['--recipe', BBC, '--threads', '2.5'], /--threads: threads must be an integer/],
    [['--recipe', BBC, '--pooling', 'sum'], /--pooling: pooling must be one of/],
    [['--recipe', BBC, '--remove', 'headers,signatures'], /--remove: remove must be a list of/],
    [['--recipe', BBC, '--heads', '3'], /dModel \(32\) must be a multiple of numHeads \(3\)/],
    [['--recipe', BBC, '--layer-scale', '0.1'], /layerScale needs normFirst: true/],
    [['--recipe', BBC, '--max-steps', '0'], /--max-steps must be an integer >= 1, got 0/],
    [['--recipe', BBC, '--max-steps', '1e400'], /--max-steps must be an integer >= 1/],
    [['--recipe', BBC, '--save-best'], /--save-best needs a validation split/],
    [['--recipe', BBC, '--out', ''], /--out must be a path, got an empty string/],
    [['--recipe', BBC, '--epochs'], /argument missing|--epochs/],
    [['--recipe', BBC, '--epocs', '3'], /Unknown option '--epocs'/],
    [['--recipe', join(tmp, 'missing.json')], /cannot read recipe/],
  ])('%j', (argv, pattern) => {
    expectOneLine(() => parseCommand(argv), pattern);
  });

  it('override recipe keys; the output folder is left out of the recorded arguments', () => {
    const c = parseCommand([
      '--recipe',
      BBC,
      '--epochs',
      '3',
      '--out',
      '/x',
      '--no-final-norm',
      '--norm-first',
    ]);
    expect(c.help).toBe(false);
    if (c.help) return;
    expect(c.recipe).toMatchObject({ epochs: 3, finalNorm: false, normFirst: true, lr: 0.005 });
    expect(c.run.out).toBe('/x');
    expect(c.args).toEqual(['--recipe', BBC, '--epochs', '3', '--no-final-norm', '--norm-first']);
  });
});

describe('threads and the output folder', () => {
  it('caps --threads at the core count with a message', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(capThreads(2, 8)).toBe(2);
    expect(warn).not.toHaveBeenCalled();
    expect(capThreads(64, 4)).toBe(4);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/--threads 64: this machine has 4 core\(s\); using 4/),
    );
    warn.mockRestore();
  });

  it('refuses an output folder under a file, or one another process is writing', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    await expect(checkOutputFolder(join(file, 'model'))).rejects.toThrow(/is not writable/);
    const busy = join(tmp, 'busy');
    mkdirSync(busy);
    // A live process (ours is the test's parent: pid 1 always lives) holds the lock.
    writeFileSync(
      join(busy, '.lock'),
      JSON.stringify({ pid: 1, hostname: (await import('node:os')).hostname(), since: '' }),
    );
    await expect(checkOutputFolder(busy)).rejects.toThrow(/is being written by/);
  });

  it.each<[string, string[], number, RegExp]>([
    ['a bad flag', ['--recipe', BBC, '--epochs', 'x'], 2, /^error: --epochs must be a number/],
    [
      'an output folder under a file',
      ['--recipe', BBC, '--out', join(tmp, 'a-file', 'm')],
      1,
      /^error: folder .* is not writable/,
    ],
    [
      'a missing archive',
      ['--recipe', BBC, '--data', join(tmp, 'none.zip'), '--out', join(tmp, 'm')],
      1,
      /^error: bbc: no file or folder at/,
    ],
  ])('scripts/train.mjs with %s: one line on stderr, exit %i', (_name, argv, code, pattern) => {
    writeFileSync(join(tmp, 'a-file'), 'x');
    const run = spawnSync(process.execPath, [join(APP, 'scripts', 'train.mjs'), ...argv], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(code);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(tmp, 'm'))).toBe(false); // nothing left behind
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only parent folder', async () => {
    const ro = join(tmp, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    try {
      await expect(checkOutputFolder(join(ro, 'model'))).rejects.toThrow(/is not writable/);
    } finally {
      chmodSync(ro, 0o700);
    }
  });
});
