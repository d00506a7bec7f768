/** `tfnlp-sentiment predict`: texts from arguments, a file or stdin -> label and probability. */
import { existsSync, statSync } from 'node:fs';
import { escapeForTerminal } from '@tfnlp/datasets';
import { EXIT_OK, InputError } from './errors.js';
import { MAX_INPUT_BYTES, readFileBounded, readStreamBounded } from './io/bounded_read.js';
import { classify, encodeText, LABELS, loadModelDir } from './model.js';
import { green, type Out, red } from './output.js';

export interface PredictOptions {
  texts: string[];
  file: string | undefined;
  json: boolean;
  modelDir: string;
  stdout: Out;
  stdin: NodeJS.ReadStream;
}

async function readStdin(stdin: NodeJS.ReadStream): Promise<string> {
  return (await readStreamBounded(stdin, MAX_INPUT_BYTES, 'stdin')).toString('utf8');
}

/** A file's text, capped (`/dev/zero` or a 20 GB file end in a clear error, not in a full heap). */
function readInputFile(path: string): string {
  if (!existsSync(path)) throw new InputError(`input file not found: ${path}`);
  if (statSync(path).isDirectory()) throw new InputError(`input file is a folder: ${path}`);
  return readFileBounded(path, MAX_INPUT_BYTES, `input file ${path}`).toString('utf8');
}

/** Non-empty lines with their 1-based line numbers. */
function lines(text: string): Array<{ line: number; text: string }> {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== '');
}

export async function predict(o: PredictOptions): Promise<number> {
  let items: Array<{ line?: number; text: string }>;
  let source: string;
  if (o.texts.length > 0) {
    const empty = o.texts.findIndex((t) => t.trim() === '');
    if (empty >= 0) throw new InputError(`text ${empty + 1} is empty: give a review to classify.`);
    items = o.texts.map((text) => ({ text }));
    source = 'the arguments';
  } else {
    const fromStdin = o.file === undefined || o.file === '-';
    if (fromStdin && o.stdin.isTTY) {
      throw new InputError(
        'no text: give it as an argument, with --file, or on stdin (one review per line).',
      );
    }
    const content = fromStdin ? await readStdin(o.stdin) : readInputFile(o.file!);
    source = fromStdin ? 'stdin' : o.file!;
    items = lines(content);
    if (items.length === 0) throw new InputError(`no text in ${source}: every line is empty.`);
  }
  const loaded = loadModelDir(o.modelDir);
  const ids = items.map((it) => encodeText(loaded.tokenizer, it.text, loaded.record.maxLength));
  const probs = classify(loaded, ids);
  const C = LABELS.length;
  const outLines: string[] = [];
  items.forEach((it, i) => {
    const p = Array.from(probs.subarray(i * C, i * C + C));
    const k = p[1]! >= p[0]! ? 1 : 0;
    const label = LABELS[k]!;
    if (o.json) {
      outLines.push(
        JSON.stringify({
          ...(it.line !== undefined ? { line: it.line } : {}),
          label,
          probability: round(p[k]!),
          negative: round(p[0]!),
          positive: round(p[1]!),
        }),
      );
    } else {
      const shown = label === 'positive' ? green(o.stdout, label) : red(o.stdout, label);
      const preview = it.text.length > 70 ? `${it.text.slice(0, 67)}...` : it.text;
      // Whitespace runs shown as one space; controls (ESC sequences, bidi overrides) escaped.
      const safe = escapeForTerminal(preview.replace(/\s+/g, ' '));
      outLines.push(`${shown}\t${p[k]!.toFixed(4)}\t${safe}`);
    }
  });
  o.stdout.write(`${outLines.join('\n')}\n`);
  return EXIT_OK;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
