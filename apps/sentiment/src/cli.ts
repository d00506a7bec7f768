/**
 * tfnlp-sentiment: classify IMDB-style reviews with the shipped model, train and evaluate new
 * ones. Exit codes: 0 ok, 1 usage error, 2 input/data/model error, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { escapeForTerminal } from '@tfnlp/datasets';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, messageOf, UsageError } from './errors.js';
import { type Out, red, stream } from './output.js';
import { SETTINGS } from './train/recipe.js';

export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../model', import.meta.url));

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return pkg.version as string;
}

const MAIN_HELP = `tfnlp-sentiment: IMDB sentiment analysis (negative / positive) in Node.js

Usage: tfnlp-sentiment <command> [options]

Commands:
  predict [TEXT...]   classify texts (arguments, --file, or stdin; one review per line)
  train               train a model on IMDB (progress bar, per-epoch validation, best model kept)
  eval                accuracy, precision / recall / F1 per class and confusion matrix
  info                architecture, parameters, vocabulary, recipe and scores of a model
  export              write the model as ONNX or PyTorch files (--format onnx|pytorch --out DIR)

Options:
  -h, --help          help (also: tfnlp-sentiment <command> --help)
  -V, --version       print the version
  --verbose           print stack traces of errors

Exit codes: 0 ok, 1 usage error, 2 input / data / model error, 130 interrupted.
Colour is off when NO_COLOR is set or the output is not a terminal.
The shipped model is in ${DEFAULT_MODEL_DIR}.`;

export const HELP: Record<string, string> = {
  predict: `Usage: tfnlp-sentiment predict [options] [TEXT...]

Classifies each TEXT argument; with --file, each non-empty line of the file ('-' = stdin);
with neither, each non-empty line of stdin. Prints "label<TAB>probability<TAB>text".

Options:
  --file PATH        read reviews from PATH, one per line
  --json             one JSON object per line: {"label","probability","negative","positive",...}
  --model DIR        model folder (default: the shipped model)
  -h, --help         this help`,
  train: `Usage: tfnlp-sentiment train [options]

Trains on the IMDB train split (10 % held out, stratified, for validation each epoch) and keeps
the model with the best validation accuracy in --out (written as a unit under a lock: OUT is
the old model or the new one, never a mix). Checkpoints go to OUT/checkpoints
(every epoch, and every --checkpoint-every steps); Ctrl-C writes one and exits (code 130).

Options:
  --recipe FILE          settings from a JSON recipe (recipes/bag.json: the shipped model); flags override it
  --data PATH            aclImdb_v1.tar.gz or the aclImdb folder (default: download via the datasets cache)
  --arch NAME            bag | lstm | bilstm | gru | bigru | transformer (default bag)
  --epochs N             default per arch (bag 2, others 3)
  --batch-size N         default 32
  --max-length N         tokens kept per review (bag 1200 incl. bigrams, RNNs 400, transformer 256)
  --lr X                 peak learning rate (AdamW, linear warmup + decay; bag 0.02, RNNs 0.002)
  --weight-decay X       AdamW decoupled weight decay (default 0.01; not on embeddings)
  --seed N               seed of the split, initialisation, shuffling and dropout (default 42)
  --vocab-size N         vocabulary size (bag 100000, others 25000)
  --ngrams 1|2           2 adds word bigrams (default 2 for bag, 1 otherwise)
  --embedding-dim N      embedding size (bag 16, others 64)
  --hidden-size N        RNN hidden size (default 64)
  --dropout X            dropout rate (bag 0.5, RNNs 0.3, transformer 0.1)
  --out DIR              where the model and checkpoints go (default ./sentiment-model)
  --resume DIR           continue the run in DIR from its latest checkpoint (same settings)
  --max-steps N          stop after N updates (for smoke tests)
  --checkpoint-every N   also checkpoint every N updates
  --warmup X             share of the updates with linear warm-up (default 0.05)
  --validation-fraction X  share of the train split held out for validation (default 0.1)
  --threads N            data-parallel threads, this one included (default: 1 for bag, else cores up
                         to 4; capped at the number of cores)
  -h, --help             this help`,
  eval: `Usage: tfnlp-sentiment eval [options]

Evaluates a model on an IMDB split: accuracy, precision / recall / F1 per class, confusion matrix.

Options:
  --data PATH        aclImdb_v1.tar.gz or the aclImdb folder (default: download via the datasets cache)
  --split NAME       test (default) or train
  --model DIR        model folder (default: the shipped model)
  --json             print the scores as one JSON object
  --save             also store the scores in the model's training.json (shown by info)
  -h, --help         this help`,
  info: `Usage: tfnlp-sentiment info [options]

Shows the architecture, parameter count, vocabulary, training recipe and scores of a model.

Options:
  --model DIR        model folder (default: the shipped model)
  --json             print it as JSON
  -h, --help         this help`,
};

type Values = Record<string, string | boolean | undefined>;

const TRAIN_OPTIONS: ParseArgsConfig['options'] = {
  recipe: { type: 'string' },
  data: { type: 'string' },
  arch: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  ...Object.fromEntries(SETTINGS.map((spec) => [spec.flag, { type: 'string' as const }])),
};

/**
 * `--lr -0.5` as `--lr=-0.5`: node's parseArgs calls a value starting with '-' "ambiguous";
 * a negative number after a flag that takes a value is that value (and then a range error).
 */
function joinNegativeValues(args: string[], options: ParseArgsConfig['options']): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (
      name !== undefined &&
      options?.[name]?.type === 'string' &&
      next !== undefined &&
      /^-(\d|\.\d|Infinity)/.test(next)
    ) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function parse(
  command: string,
  args: string[],
  options: ParseArgsConfig['options'],
  allowPositionals: boolean,
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(args, options),
      options: { ...options, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } },
      allowPositionals,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (e) {
    const msg = messageOf(e).replace(/\. To specify a positional argument.*$/s, '.');
    // One line: what is wrong, then the usage line of the command.
    const usage = HELP[command]!.split('\n')[0];
    throw new UsageError(`${command}: ${msg} ${usage} (see 'tfnlp-sentiment ${command} --help')`);
  }
}

const str = (values: Values, name: string) => values[name] as string | undefined;

let backendReady: Promise<void> | undefined;
/** Starts the wasm backend once, then puts back one-line error reporting (its glue rethrows). */
async function initBackend(verbose: boolean, stderr: Out): Promise<void> {
  backendReady ??= (async () => {
    const { initWasm } = await import('@tfnlp/backend-wasm');
    await initWasm();
    for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
      process.removeAllListeners(event);
      process.on(event, (error: unknown) => {
        reportError(error, verbose, stderr);
        process.exit(error instanceof CliError ? error.exitCode : EXIT_INPUT);
      });
    }
  })();
  return backendReady;
}

function reportError(error: unknown, verbose: boolean, stderr: Out): void {
  // Messages echo flag values and file names: escape terminal controls in them.
  const message = escapeForTerminal(messageOf(error).split('\n')[0] ?? '');
  stderr.write(`${red(stderr, 'error:')} ${message}\n`);
  if (verbose && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
}

export interface Io {
  stdout: Out;
  stderr: Out;
  stdin: NodeJS.ReadStream;
}

export async function main(argv: string[], io?: Partial<Io>): Promise<number> {
  const stdout = io?.stdout ?? stream(process.stdout);
  const stderr = io?.stderr ?? stream(process.stderr);
  const stdin = io?.stdin ?? process.stdin;
  const verbose = argv.includes('--verbose');
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      if (command === 'help' && rest[0] && HELP[rest[0]]) stdout.write(`${HELP[rest[0]]}\n`);
      else stdout.write(`${MAIN_HELP}\n`);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === '-V' || command === '--version') {
      stdout.write(`${version()}\n`);
      return EXIT_OK;
    }
    if (command === '--verbose') return main(rest.concat('--verbose'), io);
    if (command === 'export') {
      const init = () => initBackend(verbose, stderr);
      const { exportCommand } = await import('./export.js');
      return await exportCommand(rest, { stdout, defaultModelDir: DEFAULT_MODEL_DIR, init });
    }
    if (!(command in HELP)) {
      throw new UsageError(
        `unknown command '${command}' (commands: predict, train, eval, info; see --help)`,
      );
    }
    const help = () => {
      stdout.write(`${HELP[command]}\n`);
      return EXIT_OK;
    };
    switch (command) {
      case 'predict': {
        const { values, positionals } = parse(
          command,
          rest,
          { file: { type: 'string' }, json: { type: 'boolean' }, model: { type: 'string' } },
          true,
        );
        if (values.help) return help();
        if (positionals.length > 0 && values.file !== undefined) {
          throw new UsageError('predict: give texts as arguments or --file, not both.');
        }
        await initBackend(verbose, stderr);
        const { predict } = await import('./predict.js');
        return await predict({
          texts: positionals,
          file: str(values, 'file'),
          json: Boolean(values.json),
          modelDir: str(values, 'model') ?? DEFAULT_MODEL_DIR,
          stdout,
          stdin,
        });
      }
      case 'eval': {
        const { values } = parse(
          command,
          rest,
          {
            data: { type: 'string' },
            split: { type: 'string' },
            model: { type: 'string' },
            json: { type: 'boolean' },
            save: { type: 'boolean' },
          },
          false,
        );
        if (values.help) return help();
        const split = str(values, 'split') ?? 'test';
        if (split !== 'test' && split !== 'train') {
          throw new UsageError(`--split must be 'test' or 'train', got '${split}'.`);
        }
        await initBackend(verbose, stderr);
        const { evaluate } = await import('./evaluate.js');
        return await evaluate({
          data: str(values, 'data'),
          split,
          modelDir: str(values, 'model') ?? DEFAULT_MODEL_DIR,
          json: Boolean(values.json),
          save: Boolean(values.save),
          stdout,
        });
      }
      case 'info': {
        const { values } = parse(
          command,
          rest,
          { model: { type: 'string' }, json: { type: 'boolean' } },
          false,
        );
        if (values.help) return help();
        await initBackend(verbose, stderr);
        const { info } = await import('./info.js');
        return info({
          modelDir: str(values, 'model') ?? DEFAULT_MODEL_DIR,
          json: Boolean(values.json),
          stdout,
        });
      }
      case 'train': {
        const { values } = parse(command, rest, TRAIN_OPTIONS, false);
        if (values.help) return help();
        const { resolveTrainRun } = await import('./train/command.js');
        const resolved = resolveTrainRun(values, ['tfnlp-sentiment', ...argv].join(' '));
        if (resolved.notice) stdout.write(`${resolved.notice}\n`);
        await initBackend(verbose, stderr);
        const { train } = await import('./train/run.js');
        return await train({ ...resolved, stdout, stderr });
      }
    }
    return EXIT_USAGE;
  } catch (error) {
    reportError(error, verbose, stderr);
    return error instanceof CliError ? error.exitCode : EXIT_INPUT;
  }
}
