// The shipped models' recipe files: they hold exactly what the shipped models were trained with
// (the recorded commands under train.mjs's defaults, and info.json's recipe), the pipeline builds
// the shipped model.json options from them, and the Node command runs end to end from one
// (a 2-update run on BBC gives byte-identical model.json and tokenizer.json to the shipped ones).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommand, readRecipeFile } from '../src/node/flags.js';
import { modelOptions } from '../src/pipeline/pipeline.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const BBC_DATA = join(APP, '..', '..', '..', 'shared', 'data', 'bbc', 'bbc-fulltext.zip');
const tmp = mkdtempSync(join(tmpdir(), 'tfnlp-news-recipes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const shipped = (id: string, file: string) =>
  JSON.parse(readFileSync(join(APP, 'public', 'models', id, file), 'utf8'));

describe.each(['bbc', '20news'])('recipes/%s.json', (id) => {
  const recipe = readRecipeFile(join(APP, 'recipes', `${id}.json`));
  const info = shipped(id, 'info.json');

  it("equals the shipped model's recorded command and recipe", () => {
    const args = (info.training.command as string).split(/\s+/).slice(2); // after node <script>
    const parsed = parseCommand(args);
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.recipe).toEqual(recipe);
    // Every key info.json recorded (older runs recorded fewer) has the recipe file's value.
    for (const [key, value] of Object.entries(info.training.recipe)) {
      expect(recipe[key as keyof typeof recipe], key).toEqual(value);
    }
  });

  it("builds the shipped model.json's options", () => {
    const { options } = shipped(id, 'model.json').config;
    expect(modelOptions(recipe, info.vocabularySize, info.labels.length)).toEqual(options);
  });
});

describe('scripts/train.mjs --recipe recipes/bbc.json', () => {
  it.skipIf(!existsSync(BBC_DATA))(
    'trains 2 updates and writes the shipped config and tokenizer byte for byte',
    () => {
      const out = join(tmp, 'bbc');
      const run = spawnSync(
        process.execPath,
        [
          join(APP, 'scripts', 'train.mjs'),
          '--recipe',
          join(APP, 'recipes', 'bbc.json'),
          '--max-steps',
          '2',
          '--skip-test',
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      for (const file of ['model.json', 'tokenizer.json']) {
        expect(readFileSync(join(out, file), 'utf8'), file).toBe(
          readFileSync(join(APP, 'public', 'models', 'bbc', file), 'utf8'),
        );
      }
      const info = JSON.parse(readFileSync(join(out, 'info.json'), 'utf8'));
      expect(info.training.steps).toBe(2);
      expect(info.training.recipe).toEqual(readRecipeFile(join(APP, 'recipes', 'bbc.json')));
      expect(info.scores).toEqual({}); // --skip-test, no validation split
    },
    60_000,
  );
});
