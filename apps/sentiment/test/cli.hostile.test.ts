// Hostile and careless input to the BUILT CLI (issue #18): each case one row, argv/input ->
// exit code + one-line error fragment (or the expected result). Model folders are written as a
// unit (never new vocabulary with old weights), inputs are read with caps, and what is echoed to
// the terminal is escaped. Peak memory is measured on a child process.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_DIR,
  cli,
  cliPeakRss,
  imdbFixture,
  isOneLineError,
  makeTarGz,
  type RunResult,
} from './helpers.js';

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
/** A dead pid for stale temporaries and locks (above any pid_max default of 4,194,304). */
const DEAD_PID = 9_999_999;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tfnlp-sentiment-hostile-'));
  archive = join(dir, 'aclImdb_v1.tar.gz');
  writeFileSync(archive, makeTarGz(imdbFixture({ train: 120, test: 20 })));
  model = join(dir, 'model');
  const r = await cli(['train', '--data', archive, ...TINY, '--epochs', '1', '--out', model]);
  if (r.code !== 0) throw new Error(`training the fixture model failed: ${r.stderr}${r.stdout}`);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The model files of a folder, to compare before and after an interrupted retraining. */
function modelFiles(d: string): Record<string, string> {
  const files = ['model.safetensors', 'model.json', 'tokenizer.json', 'training.json', 'run.json'];
  return Object.fromEntries(
    files.map((f) => [f, readFileSync(join(d, f)).toString('base64')] as const),
  );
}

function expectOneLine(r: RunResult, code: number, fragment: string | RegExp): void {
  expect(r.code, r.stderr + r.stdout).toBe(code);
  expect(isOneLineError(r.stderr), r.stderr).toBe(true);
  if (typeof fragment === 'string') expect(r.stderr).toContain(fragment);
  else expect(r.stderr).toMatch(fragment);
}

describe('bad flags and recipes: one line, exit 1 (flags) or 2 (files)', () => {
  // Each row: argv -> exit code and a fragment of the one-line error.
  const recipe = (name: string, text: string) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, text);
    return path;
  };
  const rows: Array<[string, () => string[], number, string | RegExp]> = [
    [
      'negative lr is a range error',
      () => ['train', '--lr', '-0.1'],
      1,
      "--lr must be a number in [1e-7, 10], got '-0.1'",
    ],
    [
      'negative seed',
      () => ['train', '--seed', '-5'],
      1,
      "--seed must be an integer in [0, 4294967295], got '-5'",
    ],
    ['negative epochs', () => ['train', '--epochs', '-1e3'], 1, '--epochs must be an integer'],
    [
      'unknown flag gives the usage line',
      () => ['train', '--bogus', '1'],
      1,
      /Unknown option '--bogus'.*Usage: tfnlp-sentiment train/,
    ],
    [
      'unknown predict flag',
      () => ['predict', '--nope'],
      1,
      /Unknown option '--nope'.*Usage: tfnlp-sentiment predict/,
    ],
    [
      'escape sequences in a flag value are escaped',
      () => ['train', '--arch', '\u001b[2Jcnn'],
      1,
      "got '\\x1B[2Jcnn'",
    ],
    [
      'too large a model for the wasm heap',
      () => ['train', '--data', archive, '--embedding-dim', '100000', '--out', join(dir, 'big')],
      2,
      'model too large for the 2 GiB wasm heap',
    ],
    [
      'too large an RNN hidden size',
      () => [
        'train',
        '--data',
        archive,
        '--arch',
        'lstm',
        '--hidden-size',
        '30000',
        '--out',
        join(dir, 'big'),
      ],
      2,
      'model too large for the 2 GiB wasm heap',
    ],
    [
      'recipe: wrong type names the key',
      () => ['train', '--recipe', recipe('r1', '{"epochs": "3"}')],
      2,
      '"epochs" must be a number, got "3"',
    ],
    [
      'recipe: out of range',
      () => ['train', '--recipe', recipe('r2', '{"lr": 100}')],
      2,
      '"lr" must be a number in [1e-7, 10], got 100',
    ],
    [
      'recipe: unknown key',
      () => ['train', '--recipe', recipe('r3', '{"lr": 0.1, "learning_rate": 1}')],
      2,
      'unknown key "learning_rate"',
    ],
    [
      'recipe: __proto__ is an unknown key',
      () => ['train', '--recipe', recipe('r4', '{"__proto__": {"epochs": 0}}')],
      2,
      'unknown key "__proto__"',
    ],
    [
      'recipe: bad arch',
      () => ['train', '--recipe', recipe('r5', '{"arch": "cnn"}')],
      2,
      '"arch" must be one of bag',
    ],
    [
      'recipe: not JSON',
      () => ['train', '--recipe', recipe('r6', '{arch: bag')],
      2,
      'is not valid JSON',
    ],
    [
      'recipe: an array',
      () => ['train', '--recipe', recipe('r7', '[1, 2]')],
      2,
      'must be a JSON object of settings',
    ],
    [
      'recipe: /dev/zero is capped',
      () => ['train', '--recipe', '/dev/zero'],
      2,
      'recipe /dev/zero is larger than 1.0 MiB',
    ],
    [
      'recipe: missing file',
      () => ['train', '--recipe', join(dir, 'none.json')],
      2,
      'cannot read recipe',
    ],
    [
      '--out is a file',
      () => ['train', '--data', archive, ...TINY, '--out', archive],
      2,
      'is a file; give a folder',
    ],
    [
      '--out cannot be written',
      () => ['train', '--data', archive, ...TINY, '--out', join(archive, 'sub', 'model')],
      2,
      'is not writable',
    ],
    [
      '--out holds other things than a model',
      () => ['train', '--data', archive, ...TINY, '--out', dir],
      2,
      'holds other files than a model',
    ],
    [
      'predict --file /dev/zero is capped',
      () => ['predict', '--model', model, '--file', '/dev/zero'],
      2,
      'input file /dev/zero is larger than 256.0 MiB',
    ],
  ];
  it.each(rows)('%s', async (_name, argv, code, fragment) => {
    expectOneLine(await cli(argv()), code, fragment);
    expect(existsSync(join(dir, 'big'))).toBe(false); // refused before anything was written
  });

  it('a recipe is read relative to its folder and flags override it', async () => {
    const rdir = join(dir, 'recipes');
    mkdirSync(rdir, { recursive: true });
    const path = join(rdir, 'tiny.json');
    writeFileSync(
      path,
      JSON.stringify({
        arch: 'bag',
        batchSize: 16,
        embeddingDim: 8,
        vocabSize: 400,
        maxLength: 64,
        lr: 0.1,
        epochs: 5,
        out: '../from-recipe',
      }),
    );
    const r = await cli([
      'train',
      '--recipe',
      path,
      '--data',
      archive,
      '--epochs',
      '1',
      '--max-steps',
      '2',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, 'from-recipe', 'run.json'), 'utf8'));
    expect(run.settings).toMatchObject({
      epochs: 1,
      batchSize: 16,
      embeddingDim: 8,
      maxLength: 64,
    });
  });

  it('--threads 1000 is capped at the core count with a message', async () => {
    const cores = availableParallelism();
    const r = await cli([
      'train',
      '--data',
      archive,
      ...TINY,
      '--epochs',
      '1',
      '--max-steps',
      '1',
      '--threads',
      '1000',
      '--out',
      join(dir, 'threads'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--threads 1000 capped at ${cores}`);
    expect(r.stdout).toMatch(
      cores > 1 ? `${cores} threads (data-parallel)` : 'parameters; 1 thread',
    );
  });

  it('the shipped recipe is valid', async () => {
    const text = readFileSync(join(APP_DIR, 'recipes', 'bag.json'), 'utf8');
    const r = await cli([
      'train',
      '--recipe',
      join(APP_DIR, 'recipes', 'bag.json'),
      '--embedding-dim',
      '900000',
    ]);
    // Validated, then refused on size before its --out (the shipped model) is touched.
    expectOneLine(r, 2, 'model too large');
    expect(JSON.parse(text).out).toBe('../model');
  });
});

describe('oversize input: bounded memory (peak RSS < 1 GiB, child process)', () => {
  it('a 50 MB review is classified from its first tokens', async () => {
    const path = join(dir, 'long.txt');
    const review = 'a wonderful film, I loved it. '.repeat(Math.ceil(50e6 / 30));
    writeFileSync(path, `${review}\nawful boring mess\n`);
    const r = await cliPeakRss(['predict', '--model', model, '--file', path]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.peakMiB).toBeLessThan(1024);
  });

  it('/dev/zero and a 300 MB sparse file stop at the cap', async () => {
    const sparse = join(dir, 'sparse.txt');
    writeFileSync(sparse, '');
    truncateSync(sparse, 300 * 2 ** 20);
    for (const file of ['/dev/zero', sparse]) {
      const r = await cliPeakRss(['predict', '--model', model, '--file', file]);
      expectOneLine(r, 2, 'is larger than 256.0 MiB');
      expect(r.peakMiB).toBeLessThan(1024);
    }
  });

  it('stdin is capped too', async () => {
    const r = await cliPeakRss(['predict', '--model', model], {
      input: Buffer.alloc(257 * 2 ** 20, 0x61),
    });
    expectOneLine(r, 2, 'stdin is larger than 256.0 MiB');
    expect(r.peakMiB).toBeLessThan(1024);
  });
});

describe('terminal escapes in user text', () => {
  it('previews escape ESC sequences and bidi overrides', async () => {
    const r = await cli([
      'predict',
      '--model',
      model,
      '\u001b]0;pwned\u0007 loved it \u202Egnp.exe',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u202E');
    expect(r.stdout).toContain('\\x1B]0;pwned\\x07 loved it \\u202Egnp.exe');
  });
});

describe('model folders are written as a unit', () => {
  /** A copy of the fixture model to retrain over. */
  const copy = (name: string) => {
    const d = join(dir, name);
    cpSync(model, d, { recursive: true });
    return d;
  };
  const retrain = (out: string, kill?: NodeJS.Signals) => {
    let sent = false;
    // Another vocabulary (seed, vocab size) than the old model: a mix would predict wrongly.
    const args = [
      'train',
      '--data',
      archive,
      ...TINY,
      '--vocab-size',
      '300',
      '--seed',
      '9',
      '--epochs',
      '200',
      '--out',
      out,
    ];
    return cli(args, {
      onStdout: (chunk, k) => {
        if (kill && !sent && /epoch 1\/200 \[/.test(chunk)) {
          sent = true;
          k(kill);
        }
      },
    });
  };

  it('Ctrl-C and SIGKILL mid-training leave the old model intact; the next run cleans up', async () => {
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const out = copy(`retrain-${signal}`);
      const before = modelFiles(out);
      const predictBefore = await cli(['predict', '--model', out, '--json', 'loved it', 'awful']);
      const r = await retrain(out, signal);
      if (signal === 'SIGINT') expect(r.code).toBe(130);
      else expect(r.signal).toBe('SIGKILL');
      expect(modelFiles(out)).toEqual(before);
      const predictAfter = await cli(['predict', '--model', out, '--json', 'loved it', 'awful']);
      expect(predictAfter.stdout).toBe(predictBefore.stdout);
      if (signal === 'SIGKILL') {
        // The killed writer's lock is still there; the next run takes it over and finishes.
        expect(existsSync(join(out, '.lock'))).toBe(true);
        const next = await cli([
          'train',
          '--data',
          archive,
          ...TINY,
          '--epochs',
          '1',
          '--out',
          out,
        ]);
        expect(next.code, next.stderr).toBe(0);
        expect(existsSync(join(out, '.lock'))).toBe(false);
        expect(modelFiles(out)['tokenizer.json']).not.toBe(undefined);
      }
    }
  });

  it('a second trainer into the same --out gets a clear error', async () => {
    const out = copy('two-writers');
    let second: RunResult | undefined;
    let started = false;
    const first = cli(['train', '--data', archive, ...TINY, '--epochs', '200', '--out', out], {
      onStdout: (chunk, kill) => {
        if (!started && /epoch 1\/200 \[/.test(chunk)) {
          started = true;
          void cli(['train', '--data', archive, ...TINY, '--out', out]).then((r) => {
            second = r;
            kill('SIGINT');
          });
        }
      },
    });
    expect((await first).code).toBe(130);
    expectOneLine(
      second!,
      2,
      /cannot train into .*two-writers: folder .* is being written by pid \d+/,
    );
  });

  it('stale temporaries of killed writers are removed and a folder moved aside is put back', async () => {
    const out = copy('stale');
    const before = modelFiles(out);
    // A writer killed mid-swap: the old folder moved aside, the staged one half written.
    const aside = join(dir, `.stale.tfnlp-old-${DEAD_PID}-0badf00d`);
    renameSync(out, aside);
    mkdirSync(join(dir, `.stale.tfnlp-tmp-${DEAD_PID}-0badf00d`));
    writeFileSync(join(aside, `model.safetensors.tmp-${DEAD_PID}`), 'half');
    // The run itself fails on its data, after tidying.
    const r = await cli(['train', '--data', join(dir, 'missing.tar.gz'), ...TINY, '--out', out]);
    expectOneLine(r, 2, 'data not found');
    expect(readdirSync(dir).filter((n) => n.includes(String(DEAD_PID)))).toEqual([]);
    expect(readdirSync(out).filter((n) => n.includes('tmp'))).toEqual([]);
    expect(modelFiles(out)).toEqual(before);
    // A typo in --data costs nothing: the previous run's state is still there to resume.
    expect(existsSync(join(out, 'checkpoints', 'latest.json'))).toBe(true);
  });

  it('a crafted checkpoint state cannot name a file outside its folder', async () => {
    const out = join(dir, 'crafted');
    const first = await cli([
      'train',
      '--data',
      archive,
      ...TINY,
      '--epochs',
      '1',
      '--max-steps',
      '2',
      '--out',
      out,
    ]);
    expect(first.code).toBe(0);
    const latest = join(out, 'checkpoints', 'latest.json');
    const state = JSON.parse(readFileSync(latest, 'utf8'));
    writeFileSync(latest, JSON.stringify({ ...state, name: '../../../../etc/passwd' }));
    const r = await cli(['train', '--resume', out]);
    expectOneLine(r, 2, 'is not a bare file name inside the checkpoint folder');
  });

  it('a run.json with hostile settings is refused on --resume', async () => {
    const out = join(dir, 'crafted-run');
    const first = await cli([
      'train',
      '--data',
      archive,
      ...TINY,
      '--epochs',
      '1',
      '--max-steps',
      '2',
      '--out',
      out,
    ]);
    expect(first.code).toBe(0);
    const runPath = join(out, 'checkpoints', 'run.json');
    const run = JSON.parse(readFileSync(runPath, 'utf8'));
    writeFileSync(
      runPath,
      JSON.stringify({ ...run, settings: { ...run.settings, embeddingDim: 1e12 } }),
    );
    expectOneLine(await cli(['train', '--resume', out]), 2, '"embeddingDim" must be an integer');
  });
});
