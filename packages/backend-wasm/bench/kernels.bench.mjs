#!/usr/bin/env node
// Kernel benchmark for @tfnlp/backend-wasm, on the built package, one process:
//   - UnsortedSegmentSum (the Embedding gradient): our SIMD kernel vs a plain-JS loop over
//     the same arrays vs the tfjs cpu backend;
//   - matMul on wasm, our BatchMatMul vs the stock kernel, for each transpose flag and
//     the batched shapes of attention and Dense backward passes;
//   - the fused LayerNorm / GELU / softmax cross-entropy kernels vs the same op helpers with
//     the kernel unregistered (their plain-op graph), forward and forward + backward.
// Prints a markdown table of medians.   Run: pnpm --filter @tfnlp/backend-wasm bench
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  fusedGelu,
  fusedLayerNorm,
  fusedSoftmaxCrossEntropy,
  initWasm,
  kernelConfigs,
  registerAllKernels,
  useStockKernels,
} from '@tfnlp/backend-wasm';
// The same module instance the package uses (its exports map points at dist/).
import { setGemmPacking, simdPeakGflops } from '../dist/simd_kernels.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 15);
// BENCH_ONLY='fused,matmul': run only these sections (segment, gather, matmul, fused).
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const want = (/** @type {string} */ section) => ONLY.length === 0 || ONLY.includes(section);

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

// BENCH_CLOCK=cpu: time this thread's CPU time instead of wall time (every kernel here runs
// synchronously on it), for a machine other processes share.
const clock =
  process.env.BENCH_CLOCK === 'cpu'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();

/**
 * Median time (ms; wall or CPU, see BENCH_CLOCK) of `fn`, after one warm-up call.
 * @param {() => unknown} fn
 */
function time(fn, repeats = REPEATS) {
  fn();
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const start = clock();
    fn();
    samples.push(clock() - start);
  }
  return median(samples);
}

/**
 * @param {Float32Array} x
 * @param {Int32Array} ids
 * @param {number} n
 * @param {number} inner
 * @param {number} numSegments
 */
function segmentSumJs(x, ids, n, inner, numSegments) {
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < n; i++) {
    const s = ids[i] ?? -1;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] = (out[dst + j] ?? 0) + (x[src + j] ?? 0);
  }
  return out;
}

await initWasm();
/** @type {string[][]} */
const rows = [];

// Embedding gradient of a batch. The cpu backend's kernel is O(vocab x n), so it gets
// the small shape only (B64 x T200 with a 10k vocab took it minutes).
/** @type {Array<[number, number, number, boolean]>} */
const segmentCases = [
  [64, 200, 10_000, false],
  [64, 20, 2_000, true],
];
for (const [batch, len, vocab, withCpu] of want('segment') ? segmentCases : []) {
  const n = batch * len;
  const inner = 64;
  const x = Float32Array.from({ length: n * inner }, (_, i) => Math.sin(i));
  const ids = Int32Array.from({ length: n }, (_, i) => (i * 7919) % vocab);
  // Returning a typed array from tf.tidy makes it walk every element: return nothing.
  const run = () => {
    tf.tidy(() => {
      tf.unsortedSegmentSum(
        tf.tensor2d(x, [n, inner]),
        tf.tensor1d(ids, 'int32'),
        vocab,
      ).dataSync();
    });
  };
  await tf.setBackend('wasm');
  const wasm = time(run);
  const js = time(() => segmentSumJs(x, ids, n, inner, vocab));
  const shape = `${n}x${inner} -> ${vocab}`;
  rows.push([`UnsortedSegmentSum ${shape} (wasm SIMD, ours)`, wasm.toFixed(2), '']);
  rows.push([`UnsortedSegmentSum ${shape}, plain-JS loop`, js.toFixed(2), (js / wasm).toFixed(2)]);
  if (withCpu) {
    await tf.setBackend('cpu');
    const cpu = time(run, 3);
    await tf.setBackend('wasm');
    rows.push([
      `UnsortedSegmentSum ${shape}, tfjs cpu backend`,
      cpu.toFixed(2),
      (cpu / wasm).toFixed(2),
    ]);
  }
}

// Embedding lookup (GatherV2), B64 x T256 ids into a 20k x 128 table: ours vs stock.
if (want('gather')) {
  const table = tf.randomNormal([20_000, 128]);
  const ids = tf.tensor2d(
    Int32Array.from({ length: 64 * 256 }, (_, i) => (i * 7919) % 20_000),
    [64, 256],
    'int32',
  );
  const run = () => tf.tidy(() => void tf.gather(table, ids).dataSync());
  useStockKernels(['GatherV2']);
  const stockMs = time(run, 5);
  registerAllKernels();
  const oursMs = time(run, 5);
  rows.push([
    'GatherV2 embedding lookup 64x256 ids -> 20k x 128',
    oursMs.toFixed(2),
    (stockMs / oursMs).toFixed(2),
  ]);
  tf.dispose([table, ids]);
}

// matMul GFLOP/s on wasm, stock kernel vs ours, side by side.
/** @type {Array<[string, number[], number[], boolean, boolean]>} */
const matMulCases = [];
for (const size of [64, 256, 512, 1024]) {
  matMulCases.push([`${size}: a @ b`, [size, size], [size, size], false, false]);
  matMulCases.push([`${size}: a^T @ b`, [size, size], [size, size], true, false]);
  matMulCases.push([`${size}: a @ b^T`, [size, size], [size, size], false, true]);
}
matMulCases.push([
  'attention scores 128x[128x32 @ (128x32)^T]',
  [128, 128, 32],
  [128, 128, 32],
  false,
  true,
]);
matMulCases.push([
  'attention values 128x[128x128 @ 128x32]',
  [128, 128, 128],
  [128, 128, 32],
  false,
  false,
]);
matMulCases.push(['dense dW [4096, 128]^T @ [4096, 512]', [4096, 128], [4096, 512], true, false]);
// The multiply-add ceiling of the GEMM's register tile (no memory traffic), measured in the
// same process and build right after each product, medians both (so machine load hits both
// alike): each GEMM figure is also printed as a fraction of it.
for (const [label, shapeA, shapeB, ta, tb] of want('matmul') ? matMulCases : []) {
  const a = tf.randomNormal(shapeA);
  const b = tf.randomNormal(shapeB);
  const product = tf.tidy(() => tf.matMul(a, b, ta, tb));
  const [m = 1, n = 1] = product.shape.slice(-2);
  const k = (ta ? shapeA.at(-2) : shapeA.at(-1)) ?? 1;
  const batch = product.size / (m * n);
  product.dispose();
  const flops = 2 * batch * m * n * k;
  const run = () => tf.tidy(() => void tf.matMul(a, b, ta, tb).dataSync());
  const repeats = flops > 5e8 ? 3 : 7;
  useStockKernels(['BatchMatMul']);
  const stockMs = time(run, repeats);
  registerAllKernels();
  setGemmPacking(/** @type {never} */ (tf.backend()), false);
  const unpackedMs = time(run, repeats);
  setGemmPacking(/** @type {never} */ (tf.backend()), true);
  const oursMs = time(run, repeats);
  const gflops = (/** @type {number} */ ms) => (flops / ms / 1e6).toFixed(1);
  const packed = ` (unpacked ${gflops(unpackedMs)})`;
  const peak = simdPeakGflops(
    /** @type {never} */ (tf.backend()),
    Math.min(4e6, Math.max(1e5, flops / 64)),
    repeats,
    clock,
  );
  const ofPeak = (/** @type {number} */ ms) =>
    peak ? ` = ${((100 * flops) / ms / 1e6 / peak).toFixed(0)} % of a ${peak.toFixed(1)} peak` : '';
  rows.push([
    `matMul ${label}: ours ${gflops(oursMs)} GFLOP/s${ofPeak(oursMs)}${packed}, stock ${gflops(stockMs)}`,
    oursMs.toFixed(2),
    (stockMs / oursMs).toFixed(2),
  ]);
  tf.dispose([a, b]);
}

// Fused element-wise / row kernels vs their plain-op graph, at transformer-news shapes
// (B32 x T256 rows, d_model 128, FFN 512) and an LM-sized cross-entropy. Alternating
// fused / unfused runs, medians of each.
if (want('fused')) {
  /** @type {(names: string[], on: boolean) => void} */
  const setFused = (names, on) => {
    for (const name of names) {
      if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
      const config = kernelConfigs.find((c) => c.kernelName === name);
      if (on && config) tf.registerKernel(config);
    }
  };
  /** @type {(fn: () => void, names: string[], repeats?: number) => [number, number]} */
  const alternate = (fn, names, repeats = REPEATS) => {
    /** @type {number[]} */
    const fused = [];
    /** @type {number[]} */
    const plain = [];
    for (let i = 0; i <= repeats; i++) {
      for (const on of [true, false]) {
        setFused(names, on);
        const start = performance.now();
        fn();
        if (i > 0) (on ? fused : plain).push(performance.now() - start);
      }
    }
    setFused(names, true);
    return [median(fused), median(plain)];
  };
  /**
   * f(...xs) forward only, then sum(f(...xs) * w) differentiated in every float input.
   * @type {(label: string, names: string[], f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], diff?: number) => void}
   */
  const fwdBwd = (label, names, f, inputs, diff = inputs.length) => {
    const w = tf.tidy(() => tf.randomNormal(f(...inputs).shape));
    const fwd = () => tf.tidy(() => void f(...inputs).dataSync());
    const both = () =>
      tf.tidy(() => {
        const gs = tf.grads((...d) => tf.sum(tf.mul(f(...d, ...inputs.slice(diff)), w)))(
          inputs.slice(0, diff),
        );
        for (const g of gs) g.dataSync();
      });
    /** @type {Array<[string, () => void]>} */
    const runs = [
      ['forward', fwd],
      ['forward + backward', both],
    ];
    for (const [kind, fn] of runs) {
      const [fusedMs, plainMs] = alternate(fn, names);
      rows.push([
        `${label}, ${kind}: fused vs plain ops`,
        fusedMs.toFixed(2),
        (plainMs / fusedMs).toFixed(2),
      ]);
    }
    w.dispose();
  };
  const LN = ['TfnlpLayerNorm', 'TfnlpLayerNormGrad'];
  const GELU = ['TfnlpGelu', 'TfnlpGeluGrad'];
  const CE = ['TfnlpSoftmaxCrossEntropy', 'TfnlpSoftmaxCrossEntropyGrad'];
  const x = tf.randomNormal([8192, 128]);
  const gamma = tf.randomNormal([128]);
  const beta = tf.randomNormal([128]);
  fwdBwd(
    'LayerNorm [8192, 128]',
    LN,
    (a, g, b) =>
      fusedLayerNorm(
        /** @type {tf.Tensor} */ (a),
        /** @type {tf.Tensor1D} */ (g),
        /** @type {tf.Tensor1D} */ (b),
      ),
    [x, gamma, beta],
  );
  const h = tf.randomNormal([8192, 512]);
  fwdBwd('GELU (erf) [8192, 512]', GELU, (a) => fusedGelu(a), [h]);
  fwdBwd('GELU (tanh) [8192, 512]', GELU, (a) => fusedGelu(a, 'tanh'), [h]);
  /** @type {Array<[number, number]>} */
  const ceCases = [
    [32, 20],
    [4096, 1000],
  ];
  for (const [rowsN, classes] of ceCases) {
    const logits = tf.randomNormal([rowsN, classes]);
    const labels = tf.tensor1d(
      Int32Array.from({ length: rowsN }, (_, i) => (i * 7) % classes),
      'int32',
    );
    fwdBwd(
      `softmax cross-entropy [${rowsN}, ${classes}], smoothing 0.1`,
      CE,
      (l, y) =>
        fusedSoftmaxCrossEntropy(
          /** @type {tf.Tensor2D} */ (l),
          /** @type {tf.Tensor1D} */ (y),
          0.1,
        ),
      [logits, labels],
      1,
    );
    tf.dispose([logits, labels]);
  }
  tf.dispose([x, gamma, beta, h]);
}

console.log(
  `\n${new Date().toISOString().slice(0, 10)}, node ${process.version}, median of ${REPEATS}, ${process.env.BENCH_CLOCK === 'cpu' ? 'CPU' : 'wall'} time\n`,
);
console.log('| case | ms (ours) | speed-up vs baseline |');
console.log('| --- | ---: | ---: |');
for (const [name, ms, ratio] of rows) console.log(`| ${name} | ${ms} | ${ratio} |`);
