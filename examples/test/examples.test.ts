// Runs every example as a user would (`node examples/<name>.mjs ...`) on tiny settings and
// checks what it prints. The examples import the workspace packages' dist/ builds (turbo
// builds them before this test).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@tfnlp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const examplesDir = fileURLToPath(new URL('..', import.meta.url));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tfnlp-examples-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** `node examples/<file> ...args`; resolves with stdout, rejects with stdout + stderr. */
function runExample(file: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(examplesDir, file), ...args],
      { cwd: examplesDir, timeout: 110_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** A number printed after `label` in the output. */
function numberAfter(output: string, label: string): number {
  const match = new RegExp(`${label}\\s*([0-9.]+)`).exec(output);
  expect(match, `"${label}" in:\n${output}`).not.toBeNull();
  return Number(match![1]);
}

/** A small two-class CSV of short reviews (quoted text, some with commas), reproducible. */
function reviewsCsv(rows: number): string {
  const good = ['great', 'fine', 'lovely', 'superb', 'nice', 'fun', 'charming', 'brilliant'];
  const bad = ['awful', 'dull', 'poor', 'boring', 'bad', 'weak', 'clumsy', 'tedious'];
  const filler = ['the', 'film', 'was', 'and', 'plot', 'acting', 'quite', 'really', 'story'];
  const rng = new Rng(7);
  const rand = () => rng.random();
  const pick = (words: string[]) => words[rng.int(words.length)]!;
  const lines = ['review,sentiment'];
  for (let i = 0; i < rows; i++) {
    const pos = i % 2 === 0;
    const words = Array.from({ length: 4 + Math.floor(rand() * 8) }, (_, k) =>
      k === 0 || rand() < 0.35 ? pick(pos ? good : bad) : pick(filler),
    );
    lines.push(`"${words.join(i % 5 === 0 ? ', ' : ' ')}",${pos ? 'pos' : 'neg'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('examples', () => {
  it('every example has a test and a header comment with a run line', async () => {
    const files = (await readdir(examplesDir)).filter((f) => f.endsWith('.mjs')).sort();
    expect(files).toEqual(['bigru-csv.mjs', 'finetune-sentiment.mjs', 'reverse-digits.mjs']);
  });

  it('bigru-csv: a WordPiece tokenizer and a BiGRU trained on a CSV, saved, reloaded, classifying new text', async () => {
    const csv = join(work, 'reviews.csv');
    await writeFile(csv, reviewsCsv(200));
    const out = join(work, 'bigru-model');
    const stdout = await runExample('bigru-csv.mjs', [
      csv,
      '--text',
      'review',
      '--label',
      'sentiment',
      '--epochs',
      '5',
      '--out',
      out,
      '--predict',
      'a brilliant and charming story',
      '--predict',
      'the plot was tedious and clumsy',
    ]);
    console.log(stdout);
    expect(stdout).toContain('180 train / 20 validation rows, classes [neg, pos]');
    expect(stdout).toMatch(/^epoch 5\/5 /m);
    expect(numberAfter(stdout, 'validation accuracy')).toBeGreaterThanOrEqual(0.8);
    expect(stdout).toContain(`saved to ${out} and reloaded`);
    expect(stdout).toMatch(/predict: pos \([0-9.]+\) {2}"a brilliant and charming story"/);
    expect(stdout).toMatch(/predict: neg \([0-9.]+\) {2}"the plot was tedious and clumsy"/);
    expect((await readdir(out)).sort()).toEqual([
      'labels.json',
      'model.json',
      'model.safetensors',
      'tokenizer.json',
    ]);
    // A Hugging Face tokenizer.json with the WordPiece vocabulary learnt from the train split.
    const saved = JSON.parse(await readFile(join(out, 'tokenizer.json'), 'utf8'));
    expect(saved.model.type).toBe('WordPiece');
    expect(saved.model.vocab['[PAD]']).toBe(0);
    expect(saved.model.vocab.brilliant).toBeDefined();
    expect(numberAfter(stdout, 'vocabulary')).toBe(Object.keys(saved.model.vocab).length);
  });

  it('reverse-digits: the GRU-attention seq2seq learns to reverse digit strings', async () => {
    const stdout = await runExample('reverse-digits.mjs');
    console.log(stdout);
    expect(stdout).toContain('150 steps of 32 strings of 3-4 digits');
    expect(numberAfter(stdout, 'greedy exact match on 200 held-out strings:')).toBeGreaterThan(0.8);
    const beams = [...stdout.matchAll(/beam search: (\d+) -> (\d+)/g)];
    expect(beams.length).toBe(3);
  });

  it('finetune-sentiment: fine-tuning the shipped model changes its predictions', async () => {
    const out = join(work, 'sentiment-ft');
    const stdout = await runExample('finetune-sentiment.mjs', ['--out', out]);
    console.log(stdout);
    expect(stdout).toMatch(/loaded BagClassifier from .*: 1600034 parameters/);
    const [, before, after] = /training sentences right: (\d)\/8 before, (\d)\/8 after/.exec(
      stdout,
    )!;
    expect(Number(before)).toBeLessThan(8);
    expect(Number(after)).toBe(8);
    // The fine-tuned folder is a model folder the app reads.
    const predicted = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [
          join(examplesDir, '..', 'apps', 'sentiment', 'bin', 'tfnlp-sentiment.mjs'),
          'predict',
          '--model',
          out,
          '--json',
          'this phone is sick, the camera is insane',
        ],
        { timeout: 60_000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(predicted).toContain('positive');
  });
});
