// The BUILT CLI, run as a user would: a subprocess of `node bin/tfnlp-sentiment.mjs`.
// A tiny model is trained once on a synthetic archive in the aclImdb layout; one test uses the
// shipped model. The real IMDB archive is not needed (see imdb.real.test.ts).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, imdbFixture, isOneLineError, makeTarGz, SHIPPED_MODEL } from './helpers.js';

let dir: string;
let archive: string;
let model: string;
const TINY = [
  '--arch',
  'bag',
  '--batch-size',
  '16',
  '--embedding-dim',
  '8',
  '--vocab-size',
  '400',
  '--max-length',
  '64',
  '--lr',
  '0.1',
  '--seed',
  '3',
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tfnlp-sentiment-'));
  archive = join(dir, 'aclImdb_v1.tar.gz');
  writeFileSync(archive, makeTarGz(imdbFixture({ train: 120, test: 60 })));
  model = join(dir, 'model');
  const r = await cli(['train', '--data', archive, ...TINY, '--epochs', '6', '--out', model]);
  if (r.code !== 0)
    throw new Error(`training the fixture model failed (${r.code}): ${r.stderr}${r.stdout}`);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('global options', () => {
  it('--version and --help exit 0; no command is a usage error', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const v = await cli(['--version']);
    expect(v).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['predict', 'train', 'eval', 'info', 'Exit codes'])
      expect(h.stdout).toContain(c);
    expect((await cli([])).code).toBe(1);
  });

  it('every command has --help', async () => {
    for (const c of ['predict', 'train', 'eval', 'info']) {
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: tfnlp-sentiment ${c}`);
    }
  });

  it('bad flags and values are one-line usage errors (exit 1)', async () => {
    for (const args of [
      ['predict', '--bogus', 'x'],
      ['frobnicate'],
      ['train', '--arch', 'cnn'],
      ['train', '--epochs', '0'],
      ['train', '--lr', 'fast'],
      ['eval', '--split', 'dev'],
      ['eval', 'extra-positional'],
      ['predict', '--file', 'a.txt', 'also text'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
    }
  });

  it('--verbose adds the stack trace', async () => {
    const r = await cli(['predict', '--verbose', '--file', join(dir, 'missing.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('    at ');
  });
});

describe('predict', () => {
  it('classifies with the shipped model', async () => {
    expect(existsSync(join(SHIPPED_MODEL, 'model.safetensors'))).toBe(true);
    const r = await cli([
      'predict',
      'A wonderful, moving film with brilliant acting. I loved every minute.',
      'The worst movie I have ever seen: boring, stupid and a total waste of time.',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^positive\t[01]\.\d{4}\tA wonderful/);
    expect(lines[1]).toMatch(/^negative\t/);
  });

  it('takes arguments, --file and stdin, and prints JSON lines with --json', async () => {
    const arg = await cli([
      'predict',
      '--model',
      model,
      'superb brilliant fun movie',
      'awful boring mess',
    ]);
    expect(arg.code).toBe(0);
    expect(
      arg.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['positive', 'negative']);

    const file = join(dir, 'reviews.txt');
    writeFileSync(
      file,
      'loved it, the best film\n\n   \nterrible and dull, hated it\r\nwonderful\n',
    );
    const f = await cli(['predict', '--model', model, '--file', file, '--json']);
    expect(f.code).toBe(0);
    const rows = f.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.line, r.label])).toEqual([
      [1, 'positive'],
      [4, 'negative'],
      [5, 'positive'],
    ]);
    for (const r of rows) {
      expect(r.probability).toBeGreaterThanOrEqual(0.5);
      expect(r.negative + r.positive).toBeCloseTo(1, 5);
    }

    const s = await cli(['predict', '--model', model], { input: 'great fun\nworst waste\n' });
    expect(s.code).toBe(0);
    expect(
      s.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['positive', 'negative']);
    const dash = await cli(['predict', '--model', model, '--file', '-', '--json'], {
      input: 'great fun',
    });
    expect(JSON.parse(dash.stdout).label).toBe('positive');
  });

  it('an empty text is an input error (exit 2), blank lines in a file are skipped', async () => {
    const empty = await cli(['predict', '--model', model, '']);
    expect(empty.code).toBe(2);
    expect(isOneLineError(empty.stderr), empty.stderr).toBe(true);
    expect(empty.stderr).toContain('empty');
    const blank = join(dir, 'blank.txt');
    writeFileSync(blank, '\n\n  \n');
    const b = await cli(['predict', '--model', model, '--file', blank]);
    expect(b.code).toBe(2);
    expect(isOneLineError(b.stderr), b.stderr).toBe(true);
    const s = await cli(['predict', '--model', model], { input: '' });
    expect(s.code).toBe(2);
    expect(isOneLineError(s.stderr), s.stderr).toBe(true);
  });

  it('a 1 MB line is classified (cut to the model max length)', async () => {
    const big = join(dir, 'big.txt');
    const line = 'the movie was superb and I loved the acting '
      .repeat(Math.ceil(1_048_576 / 44))
      .slice(0, 1_048_576);
    writeFileSync(big, `${line}\n`);
    const r = await cli(['predict', '--model', model, '--file', big, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ line: 1, label: 'positive' });
  });

  it('a missing input file or model folder is an input error (exit 2)', async () => {
    const f = await cli(['predict', '--model', model, '--file', join(dir, 'nope.txt')]);
    expect(f.code).toBe(2);
    expect(isOneLineError(f.stderr), f.stderr).toBe(true);
    expect(f.stderr).toContain('nope.txt');
    const m = await cli(['predict', '--model', join(dir, 'no-model'), 'text']);
    expect(m.code).toBe(2);
    expect(isOneLineError(m.stderr), m.stderr).toBe(true);
  });

  it('corrupted model files are one-line input errors (exit 2)', async () => {
    const cases: Array<[string, (d: string) => void]> = [
      [
        'truncated weights',
        (d) => {
          const w = readFileSync(join(d, 'model.safetensors'));
          writeFileSync(join(d, 'model.safetensors'), w.subarray(0, Math.floor(w.length / 2)));
        },
      ],
      [
        'garbage weights',
        (d) =>
          writeFileSync(join(d, 'model.safetensors'), Buffer.from('not a safetensors file at all')),
      ],
      ['bad tokenizer', (d) => writeFileSync(join(d, 'tokenizer.json'), '{"type":"words","ngr')],
      [
        'bad config',
        (d) =>
          writeFileSync(
            join(d, 'model.json'),
            '{"format":"1","config":{"type":"Nope","options":{}}}',
          ),
      ],
      ['missing record', (d) => rmSync(join(d, 'training.json'))],
    ];
    for (const [name, corrupt] of cases) {
      const d = join(dir, `corrupt-${name.replace(/ /g, '-')}`);
      cpSync(model, d, { recursive: true });
      corrupt(d);
      const r = await cli(['predict', '--model', d, 'great movie']);
      expect(r.code, name).toBe(2);
      expect(isOneLineError(r.stderr), `${name}: ${r.stderr}`).toBe(true);
    }
  });
});

describe('eval and info', () => {
  it('eval reports accuracy, P/R/F1 per class and the confusion matrix', async () => {
    const j = await cli(['eval', '--model', model, '--data', archive, '--json']);
    expect(j.stderr).toBe('');
    expect(j.code).toBe(0);
    const res = JSON.parse(j.stdout);
    expect(res.examples).toBe(120);
    expect(res.accuracy).toBeGreaterThan(0.9);
    expect(Object.keys(res.perClass)).toEqual(['negative', 'positive']);
    const counts: number[][] = res.confusionMatrix.counts;
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(120);
    expect(counts[0]![0]! + counts[1]![1]!).toBe(Math.round(res.accuracy * 120));

    const t = await cli(['eval', '--model', model, '--data', archive]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^accuracy \d+\.\d\d % on 120 test reviews/);
    for (const w of ['precision', 'recall', 'f1', 'confusion matrix', 'negative', 'positive']) {
      expect(t.stdout.toLowerCase()).toContain(w);
    }
    expect(t.stdout).not.toContain('\u001b['); // NO_COLOR
  });

  it('eval with missing or broken data is an input error (exit 2)', async () => {
    const missing = await cli(['eval', '--model', model, '--data', join(dir, 'nope.tar.gz')]);
    expect(missing.code).toBe(2);
    expect(isOneLineError(missing.stderr), missing.stderr).toBe(true);
    const broken = join(dir, 'broken.tar.gz');
    writeFileSync(broken, readFileSync(archive).subarray(0, 300));
    const b = await cli(['eval', '--model', model, '--data', broken]);
    expect(b.code).toBe(2);
    expect(isOneLineError(b.stderr), b.stderr).toBe(true);
  });

  it('info shows architecture, parameters, vocabulary and recipe', async () => {
    const r = await cli(['info', '--model', model]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('architecture  bag');
    expect(r.stdout).toMatch(/parameters {4}\d/);
    expect(r.stdout).toContain('trained with  tfnlp-sentiment train');
    const j = JSON.parse((await cli(['info', '--model', model, '--json'])).stdout);
    expect(j.recipe).toMatchObject({ arch: 'bag', seed: 3, embeddingDim: 8 });
    expect(j.validation.accuracy).toBeGreaterThan(0.8);
  });
});

describe('train', () => {
  it('prints plain progress lines off a TTY, stops at --max-steps, and resumes to the end', async () => {
    const out = join(dir, 'run');
    const first = await cli([
      'train',
      '--data',
      archive,
      ...TINY,
      '--epochs',
      '2',
      '--max-steps',
      '4',
      '--out',
      out,
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('\r');
    expect(first.stdout).toMatch(/epoch 1\/2 \[.*\] 4\/14 .* samples\/s {2}loss \d/);
    expect(first.stdout).toContain('stopped at step 4');
    expect(existsSync(join(out, 'checkpoints', 'latest.json'))).toBe(true);

    const bad = await cli(['train', '--resume', out, '--lr', '0.1']);
    expect(bad.code).toBe(1);
    expect(isOneLineError(bad.stderr), bad.stderr).toBe(true);

    const resumed = await cli(['train', '--resume', out]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming from');
    expect(resumed.stdout).toMatch(/epoch 2\/2: loss/);
    expect(resumed.stdout).toContain('best val_accuracy');
    const p = await cli(['predict', '--model', out, 'loved it']);
    expect(p.code).toBe(0);
  });

  it('--threads 2 trains data-parallel and resumes exactly (same weights as one uninterrupted run)', async () => {
    const whole = join(dir, 'threads-whole');
    const split = join(dir, 'threads-split');
    const args = ['train', '--data', archive, ...TINY, '--epochs', '1', '--threads', '2'];
    const a = await cli([...args, '--out', whole]);
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain('2 threads (data-parallel)');
    const b = await cli([...args, '--max-steps', '5', '--out', split]);
    expect(b.code).toBe(0);
    const c = await cli(['train', '--resume', split]);
    expect(c.code).toBe(0);
    const weights = (d: string) => readFileSync(join(d, 'model.safetensors'));
    expect(weights(split).equals(weights(whole))).toBe(true);
    const one = await cli([
      ...args.slice(0, -1),
      '1',
      '--max-steps',
      '2',
      '--out',
      join(dir, 't1'),
    ]);
    expect(one.stdout).toContain('parameters; 1 thread');
  });

  it('Ctrl-C writes a checkpoint and exits cleanly; --resume continues from it', async () => {
    const out = join(dir, 'interrupted');
    let sent = false;
    const r = await cli(['train', '--data', archive, ...TINY, '--epochs', '200', '--out', out], {
      onStdout: (chunk, kill) => {
        if (!sent && /epoch 1\/200 \[/.test(chunk)) {
          sent = true;
          kill('SIGINT');
        }
      },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(
      /interrupted at step \d+: checkpoint written to .*step-\d+\.safetensors/,
    );
    const latest = JSON.parse(readFileSync(join(out, 'checkpoints', 'latest.json'), 'utf8'));
    const resumed = await cli(['train', '--resume', out, '--epochs', '2']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming from');
    expect(latest.step).toBeGreaterThan(0);
  });

  it('missing training data is an input error (exit 2)', async () => {
    const r = await cli(['train', '--data', join(dir, 'nope.tar.gz'), '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(isOneLineError(r.stderr), r.stderr).toBe(true);
    const n = await cli(['train', '--resume', join(dir, 'nothing-here')]);
    expect(n.code).toBe(2);
    expect(isOneLineError(n.stderr), n.stderr).toBe(true);
  });
});
