#!/usr/bin/env node
// pnpm bench:train — training and inference throughput, side by side on this machine:
// tfnlp on wasm (our kernels vs stock), tfjs-layers on the stock cpu and wasm backends,
// PyTorch CPU (1 and 2 threads; skipped with a message when python3-torch is absent).
// Each runner is its own process (clean heap, its own peak RSS).
//
//   pnpm bench:train [config ...]     configs: see configs.mjs (default: all)
//   BENCH_STEPS=5 BENCH_SLOW_STEPS=1  timed steps for fast / slow runners
//   BENCH_TIMEOUT_S=600               per runner (tfjs-layers on cpu needs minutes per step)
//   BENCH_RUNNERS='our kernels,PyTorch 1'  only the runners whose label contains one of these
// PyTorch needs `apt-get install -y python3-torch libopenblas0-pthread`: without OpenBLAS,
// Debian's torch falls back to the reference BLAS (~6 GFLOP/s) and looks 10x slower.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { configs } from './configs.mjs';

const run = promisify(execFile);
/** @param {string} p a path relative to this file */
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const STEPS = process.env.BENCH_STEPS ?? '5';
const SLOW_STEPS = process.env.BENCH_SLOW_STEPS ?? '1';
const PYTHON = '/usr/bin/python3';
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(configs);

/**
 * One benchmark process: `cmd args` prints a JSON line (a Measured) as its last line.
 * @typedef {object} Runner
 * @property {string} label
 * @property {string} cmd
 * @property {string[]} args
 * @property {Record<string, string>} [env]
 * @property {boolean} [ours] one of tfnlp's configurations (the fastest is "tfnlp" in the ratios)
 * @property {boolean} [lstmOnly]
 * @property {boolean} [pytorch]
 */
/** @typedef {{ trainSamplesPerSec: number, inferSamplesPerSec: number, peakRssMB: number, tensorsLeakedPerStep: number, skipped?: undefined }} Measured */
/** @typedef {Measured | { skipped: string, trainSamplesPerSec?: undefined }} Result */

/** @type {(r: { runner: Runner, result: Result }) => r is { runner: Runner, result: Measured }} */
const measured = (r) => r.result.skipped === undefined;

const ONLY = (process.env.BENCH_RUNNERS ?? '').split(',').filter(Boolean);
/** @param {string} name */
const runners = (name) =>
  allRunners(name).filter((r) => ONLY.length === 0 || ONLY.some((o) => r.label.includes(o)));
/**
 * @param {string} name
 * @returns {Runner[]}
 */
const allRunners = (name) => [
  {
    label: 'tfnlp wasm (our kernels)',
    cmd: process.execPath,
    args: [here('runners/tfnlp.mjs'), name, 'ours', STEPS],
    ours: true,
  },
  ...[2, 1].map((replicas) => ({
    label: `tfnlp wasm (our kernels, Trainer, ${replicas === 1 ? '1 thread' : `${replicas} threads data-parallel`})`,
    cmd: process.execPath,
    args: [here('runners/tfnlp-parallel.mjs'), name, String(replicas), STEPS],
    ours: true,
  })),
  {
    label: 'tfnlp wasm (our kernels, plain LayerNorm/GELU/CE)',
    cmd: process.execPath,
    args: [here('runners/tfnlp.mjs'), name, 'ours-plain-norm', STEPS],
  },
  {
    label: 'tfnlp wasm (stock kernels)',
    cmd: process.execPath,
    args: [here('runners/tfnlp.mjs'), name, 'stock', SLOW_STEPS],
  },
  {
    label: 'tfjs-layers wasm',
    lstmOnly: true,
    cmd: process.execPath,
    args: [here('runners/tfjs-layers.mjs'), name, 'wasm', SLOW_STEPS],
  },
  {
    label: 'tfjs-layers cpu',
    lstmOnly: true,
    cmd: process.execPath,
    args: [here('runners/tfjs-layers.mjs'), name, 'cpu', SLOW_STEPS],
  },
  ...[1, 2].map((threads) => ({
    label: `PyTorch ${threads} thread${threads > 1 ? 's' : ''}`,
    cmd: PYTHON,
    args: [here('runners/pytorch.py'), JSON.stringify(configs[name]), String(threads), STEPS],
    env: { OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    pytorch: true,
  })),
];

/**
 * @param {Runner} runner
 * @param {import('./configs.mjs').BenchConfig} config
 * @returns {Promise<Result>}
 */
async function measure(runner, config) {
  if (runner.lstmOnly && config.kind !== 'lstm')
    return { skipped: 'n/a: tfjs-layers has no Transformer layers' };
  if (runner.pytorch && !existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  try {
    const { stdout } = await run(runner.cmd, runner.args, {
      env: { ...process.env, ...runner.env },
      timeout: TIMEOUT_S * 1000,
      maxBuffer: 1 << 24,
    });
    return JSON.parse(/** @type {string} */ (stdout.trim().split('\n').pop()));
  } catch (caught) {
    const error = /** @type {{ stderr?: string, message?: string, killed?: boolean }} */ (caught);
    const message = String(error.stderr || error.message);
    if (runner.pytorch && /No module named 'torch'/.test(message)) {
      return { skipped: 'python3-torch not installed (apt-get install -y python3-torch)' };
    }
    if (error.killed) return { skipped: `timed out after ${TIMEOUT_S} s` };
    const line =
      message.split('\n').find((l) => /Error/.test(l)) ?? message.trim().split('\n').pop() ?? '';
    return { skipped: `fails: ${line.trim().slice(0, 120)}` };
  }
}

const date = new Date().toISOString().slice(0, 10);
console.log(
  `# pnpm bench:train — ${date}, node ${process.version}, timed steps ${STEPS} (slow runners ${SLOW_STEPS})\n`,
);
for (const name of names) {
  const config = configs[name];
  if (config === undefined)
    throw new Error(`unknown config '${name}'; known: ${Object.keys(configs).join(', ')}`);
  /** @type {Array<{ runner: Runner, result: Result }>} */
  const results = [];
  for (const runner of runners(name)) {
    process.stderr.write(`${name}: ${runner.label} ...\n`);
    results.push({ runner, result: await measure(runner, config) });
  }
  const torch = results
    .filter(measured)
    .filter((r) => r.runner.pytorch && r.result.trainSamplesPerSec)
    .sort((a, b) => b.result.trainSamplesPerSec - a.result.trainSamplesPerSec)[0];
  // The fastest of our configurations is "tfnlp" in the ratios.
  /** @type {Partial<Measured>} */
  const ours =
    results
      .filter(measured)
      .filter((r) => r.runner.ours && r.result.trainSamplesPerSec)
      .sort((a, b) => b.result.trainSamplesPerSec - a.result.trainSamplesPerSec)[0]?.result ?? {};
  console.log(`## ${name}  ${JSON.stringify(config)}\n`);
  console.log(
    '| runner | train samples/s | infer samples/s | peak RSS MB | fastest tfnlp train / this |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { runner, result } of results) {
    if (result.skipped !== undefined) {
      console.log(`| ${runner.label} | skipped: ${result.skipped} | | | |`);
      continue;
    }
    const ratio = ours.trainSamplesPerSec
      ? (ours.trainSamplesPerSec / result.trainSamplesPerSec).toFixed(2)
      : '';
    console.log(
      `| ${runner.label} | ${result.trainSamplesPerSec.toFixed(1)} | ${result.inferSamplesPerSec.toFixed(1)} | ${result.peakRssMB.toFixed(0)} | ${ratio} |`,
    );
  }
  if (torch && ours.trainSamplesPerSec) {
    console.log(
      `\nfastest tfnlp / best PyTorch (${torch.runner.label}): ${(ours.trainSamplesPerSec / torch.result.trainSamplesPerSec).toFixed(2)}x training\n`,
    );
  }
}
