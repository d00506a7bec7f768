#!/usr/bin/env node
// Before/after in ONE process: the same model and batch, training steps alternating between
// the two sides, so machine load hits both alike.
//   node fused-ab.mjs [config ...]      (default: transformer-news-2l transformer-news-2l-gelu)
//   BENCH_STEPS=5   timed steps per side
//   BENCH_AB=pointwise (default): the fused LayerNorm / GELU / cross-entropy kernels registered
//     vs unregistered (the layers then take their plain-op paths);
//   BENCH_AB=packing: the GEMM's panel packing on vs off.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, kernelConfigs } from '@tfnlp/backend-wasm';
import { softmaxCrossEntropy } from '@tfnlp/train';
import { configs, makeBatch, POINTWISE_KERNELS } from './configs.mjs';
import { buildModel } from './models.mjs';

const STEPS = Number(process.env.BENCH_STEPS ?? 5);
const names = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['transformer-news-2l', 'transformer-news-2l-gelu'];
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const AB = process.env.BENCH_AB ?? 'pointwise';
if (AB !== 'pointwise' && AB !== 'packing')
  throw new Error(`BENCH_AB must be pointwise or packing`);
// The module instance the package itself uses (its exports map does not expose it).
const { setGemmPacking } = await import(
  new URL('./simd_kernels.js', import.meta.resolve('@tfnlp/backend-wasm')).href
);

/** @param {boolean} on */
function setFused(on) {
  if (AB === 'packing') {
    setGemmPacking(tf.backend(), on);
    return;
  }
  for (const name of POINTWISE_KERNELS) {
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    if (on)
      tf.registerKernel(
        /** @type {tf.KernelConfig} */ (kernelConfigs.find((c) => c.kernelName === name)),
      );
  }
}

await initWasm();
console.log(
  `# A/B ${AB === 'packing' ? 'GEMM panel packing' : 'fused LayerNorm/GELU/CE'} — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${STEPS} steps per side, alternating\n`,
);
console.log(
  '| config | on: ms/step | off: ms/step | on: samples/s | off: samples/s | speed-up (off / on) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const name of names) {
  const config = configs[name];
  if (config?.kind !== 'transformer') throw new Error(`'${name}' is not a transformer config`);
  const model = buildModel(config);
  const { ids, labels } = makeBatch(config);
  const x = tf.tensor2d(ids, [config.batch, config.time], 'int32');
  const optimizer = tf.train.adam(1e-3);
  model.train();
  const step = () =>
    tf.dispose(
      /** @type {tf.Scalar} */ (
        optimizer.minimize(() => softmaxCrossEntropy(model.forward(x), labels), true)
      ),
    );
  /** @type {{ true: number[], false: number[] }} */
  const ms = { true: [], false: [] };
  for (let i = 0; i <= STEPS; i++) {
    for (const on of i % 2 ? [false, true] : [true, false]) {
      setFused(on);
      const start = performance.now();
      step();
      if (i > 0) ms[on ? 'true' : 'false'].push(performance.now() - start); // round 0 warms both paths up
    }
  }
  setFused(true);
  const [f, p] = /** @type {[number, number]} */ ([median(ms.true), median(ms.false)]);
  /** @param {number} t ms per step */
  const sps = (t) => ((config.batch * 1000) / t).toFixed(1);
  console.log(
    `| ${name} | ${f.toFixed(0)} | ${p.toFixed(0)} | ${sps(f)} | ${sps(p)} | ${(p / f).toFixed(3)} |`,
  );
  tf.dispose([x]);
  model.dispose();
  optimizer.dispose();
}
