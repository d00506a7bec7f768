#!/usr/bin/env node
// Benchmark: read all 50,000 labelled IMDB reviews (train + test) from aclImdb_v1.tar.gz
// through the built package (dist/), in a fresh process per mode, and report wall time and
// peak RSS. Targets (issue 4): <= 3 s and <= 400 MB on a 2-core machine.
//
//   pnpm --filter @tfnlp/datasets build
//   node bench/read-imdb.mjs [path/to/aclImdb_v1.tar.gz]      (or: pnpm --filter @tfnlp/datasets bench)
//
// Modes: "stream" counts labels as reviews arrive; "collect" keeps every example in an
// array (what you do before a full shuffle). Each mode runs 3 times in fresh processes (peak
// RSS is per process); prints the median time and the largest peak. --strict exits 1 when a
// target is missed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET_S = 3;
const TARGET_MB = 400;
const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const positional = args.filter((a) => !a.startsWith('--'));

if (args[0] === '--child') {
  const [, mode, file] = args;
  const { imdb } = await import(new URL('../dist/node.js', import.meta.url).href);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  /** @type {Record<string, number>} */
  const counts = { 'train/neg': 0, 'train/pos': 0, 'test/neg': 0, 'test/pos': 0 };
  const kept = [];
  let chars = 0;
  for await (const ex of imdb({ path: file, split: ['train', 'test'] })) {
    const key = `${ex.split}/${ex.label === 1 ? 'pos' : 'neg'}`;
    counts[key] = (counts[key] ?? 0) + 1;
    chars += ex.text.length;
    if (mode === 'collect') kept.push(ex);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({ mode, seconds, cpuSeconds, peakMB, counts, chars, kept: kept.length }),
  );
  process.exit(0);
}

const dataDir =
  process.env.TFNLP_DATA_DIR || resolve(here, '..', '..', '..', '..', 'shared', 'data');
const file = positional[0] ?? resolve(dataDir, 'imdb', 'aclImdb_v1.tar.gz');
if (!existsSync(file)) {
  console.log(
    `read-imdb: skipped, ${file} is absent (pass the archive path or set TFNLP_DATA_DIR).`,
  );
  process.exit(0);
}
if (!existsSync(new URL('../dist/node.js', import.meta.url))) {
  console.error('read-imdb: dist/ is missing; run `pnpm --filter @tfnlp/datasets build` first.');
  process.exit(1);
}

console.log(
  `read-imdb: ${file} (node ${process.version}, ${(await import('node:os')).cpus().length} CPUs)`,
);
const RUNS = 3;
let ok = true;
for (const mode of ['stream', 'collect']) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', mode, file],
      {
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null'));
  }
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const median = seconds[Math.floor(RUNS / 2)];
  const peakMB = Math.max(...runs.map((r) => r.peakMB));
  const cpu = runs.map((r) => r.cpuSeconds).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  const total = Object.values(runs[0].counts).reduce((a, b) => a + b, 0);
  const pass = median <= TARGET_S && peakMB <= TARGET_MB && total === 50_000;
  ok &&= pass;
  console.log(
    `  ${mode.padEnd(7)} ${total} reviews ${JSON.stringify(runs[0].counts)}  median ${median.toFixed(2)} s ` +
      `(${seconds.map((x) => x.toFixed(2)).join(', ')}), CPU ${cpu.toFixed(2)} s  peak RSS ${peakMB.toFixed(0)} MB  ` +
      `${pass ? 'ok' : 'OVER TARGET'} (<= ${TARGET_S} s, <= ${TARGET_MB} MB)`,
  );
}
process.exit(strict && !ok ? 1 : 0);
