// Test helpers: run the BUILT CLI as a subprocess, and write small IMDB-format archives.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rng } from '@tfnlp/core';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(APP_DIR, 'bin', 'tfnlp-sentiment.mjs');
export const SHIPPED_MODEL = join(APP_DIR, 'model');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  /** Options for node itself, before the script (e.g. `--import` of a probe). */
  nodeArgs?: string[];
  /** Called with the child once it started (e.g. to send SIGINT). */
  onStdout?: (chunk: string, kill: (signal: NodeJS.Signals) => void) => void;
}

/** Runs `node bin/tfnlp-sentiment.mjs ...args` and collects its output. */
export function cli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd ?? APP_DIR,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      stdout += c;
      options.onStdout?.(c, (s) => child.kill(s));
    });
    child.stderr.on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading all of stdin
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** A minimal ustar writer (regular files and their folders), gzipped: the layout of aclImdb_v1.tar.gz. */
export function makeTarGz(entries: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: '0' | '5') => {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write(type === '5' ? '0000755\0' : '0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write(
      `${Math.floor(Date.UTC(2011, 5, 1) / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
    );
    h.write('        ', 148); // checksum placeholder
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const dirs = new Set<string>();
  for (const [path, text] of Object.entries(entries)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (!dirs.has(dir)) {
        dirs.add(dir);
        blocks.push(header(dir, 0, '5'));
      }
    }
    const data = Buffer.from(text, 'utf8');
    blocks.push(
      header(path, data.length, '0'),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const POSITIVE = ['great', 'wonderful', 'loved', 'brilliant', 'superb', 'moving', 'fun', 'best'];
const NEGATIVE = ['awful', 'boring', 'terrible', 'hated', 'worst', 'dull', 'mess', 'waste'];
const FILLER = (
  'the movie film plot acting was and i it story characters this a of to in director ' +
  'scenes music ending cast watched felt really quite very its with for but on at'
).split(' ');

/** Entries of an aclImdb-format archive with synthetic reviews (sentiment words decide the label). */
export function imdbFixture(
  perClass: { train: number; test: number },
  seed = 7,
): Record<string, string> {
  const generator = new Rng(seed);
  const random = () => generator.random();
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  const entries: Record<string, string> = {};
  for (const split of ['train', 'test'] as const) {
    for (const label of ['neg', 'pos'] as const) {
      for (let id = 0; id < perClass[split]; id++) {
        const words = Array.from({ length: 8 + Math.floor(random() * 20) }, () => pick(FILLER));
        const own = label === 'pos' ? POSITIVE : NEGATIVE;
        for (let c = 0; c < 2 + Math.floor(random() * 2); c++) {
          words.splice(Math.floor(random() * words.length), 0, pick(own));
        }
        const rating =
          label === 'pos' ? 7 + Math.floor(random() * 4) : 1 + Math.floor(random() * 4);
        entries[`aclImdb/${split}/${label}/${id}_${rating}.txt`] =
          `${words.join(' ')}.<br /><br />The end.`;
      }
    }
  }
  entries['aclImdb/README'] =
    'Synthetic fixture in the layout of the Large Movie Review Dataset v1.0.\n';
  return entries;
}

/** The real archive for integration tests: $TFNLP_DATA_DIR, else ../shared/data beside the repository. */
export function realImdb(): { path: string; present: boolean } {
  const repoRoot = resolve(APP_DIR, '..', '..');
  const dir = process.env.TFNLP_DATA_DIR || resolve(repoRoot, '..', 'shared', 'data');
  const path = join(dir, 'imdb', 'aclImdb_v1.tar.gz');
  return { path, present: existsSync(path) };
}

/** One line on stderr, starting 'error:', and no stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.trimEnd().split('\n');
  return lines.length === 1 && lines[0]!.startsWith('error: ') && !stderr.includes('    at ');
}

/**
 * Runs the CLI and reports its peak resident memory (MiB): a preloaded probe writes
 * `process.resourceUsage().maxRSS` (KiB) to a file when the process exits.
 */
export async function cliPeakRss(
  args: string[],
  options: RunOptions = {},
): Promise<RunResult & { peakMiB: number }> {
  const file = join(mkdtempSync(join(tmpdir(), 'tfnlp-rss-')), 'rss');
  const probe =
    "import { writeFileSync } from 'node:fs';" +
    "process.on('exit', () => writeFileSync(process.env.TFNLP_RSS_FILE, String(process.resourceUsage().maxRSS)));";
  const r = await cli(args, {
    ...options,
    nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(probe)}`],
    env: { ...options.env, TFNLP_RSS_FILE: file },
  });
  const peakMiB = Number(readFileSync(file, 'utf8')) / 1024;
  rmSync(dirname(file), { recursive: true, force: true });
  return { ...r, peakMiB };
}
