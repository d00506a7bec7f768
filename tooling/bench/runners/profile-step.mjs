// Where a training step's time goes: one forward+backward of a bench config, kernel times
// summed by kernel and input shapes (top 25).
//   node runners/profile-step.mjs <config>      e.g. lstm-imdb, transformer-news-2l
// Times are CPU time of this thread (process.cpuUsage around each wasm kernel call), not
// wall time, so a busy shared machine inflates them less than tf.profile's wall clock;
// PROFILE_WALL=1 uses tf.profile instead.
import * as tf from '@tensorflow/tfjs-core';
import { configs, makeBatch } from '../configs.mjs';
import { createReplica } from './replica.mjs';

const name = process.argv[2] ?? '';
const config = /** @type {import('../configs.mjs').BenchConfig | undefined} */ (configs[name]);
if (!config)
  throw new Error(
    `profile-step: unknown config '${name}'; one of ${Object.keys(configs).join(', ')}.`,
  );
const { model, forward } = await createReplica({ name });
const { ids, labels } = makeBatch(config);
const batch = { ids, labels, batchSize: config.batch };
const vars = model.namedParameters().map(([, v]) => v);
const step = () =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () =>
        tf.losses.softmaxCrossEntropy(
          tf.oneHot(tf.tensor1d(labels, 'int32'), config.classes),
          forward(
            model,
            batch,
            // the bench forward reads only `training` and `seed`
            /** @type {import('@tfnlp/train').StepContext} */ ({ training: true, seed: 1 }),
          ),
        ),
      vars,
    );
    return [value, ...Object.values(grads)];
  });

/** @typedef {Map<string, { ms: number, n: number }>} KernelTimes */

/**
 * Wraps every wasm kernel so each call adds its CPU time to `agg` (key: name + shapes).
 * @param {KernelTimes} agg
 */
function instrumentKernels(agg) {
  const backend = tf.getBackend();
  for (const cfg of tf.getKernelsForBackend(backend)) {
    const inner = cfg.kernelFunc;
    tf.unregisterKernel(cfg.kernelName, backend);
    tf.registerKernel({
      ...cfg,
      kernelFunc: (args) => {
        const t0 = process.cpuUsage();
        const out = inner(args);
        const u = process.cpuUsage(t0);
        const shapes = Object.values(args.inputs).map((t) => t?.shape);
        const key = `${cfg.kernelName} ${JSON.stringify(shapes)}`;
        const a = agg.get(key) ?? { ms: 0, n: 0 };
        a.ms += (u.user + u.system) / 1000;
        a.n++;
        agg.set(key, a);
        return out;
      },
    });
  }
}

/**
 * @param {KernelTimes} agg
 * @param {number} total
 * @param {string} label
 */
function report(agg, total, label) {
  const sum = [...agg.values()].reduce((s, a) => s + a.ms, 0);
  console.log(
    `${label} ${total.toFixed(0)} ms, kernels ${sum.toFixed(0)} ms (${agg.size} kernel/shape pairs)`,
  );
  for (const [k, a] of [...agg].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25))
    console.log(a.ms.toFixed(1).padStart(8), String(a.n).padStart(4), k.slice(0, 150));
}

tf.dispose(step());
if (process.env.PROFILE_WALL === '1') {
  for (let r = 0; r < 2; r++) {
    const t0 = performance.now();
    const prof = await tf.profile(() => tf.dispose(step()));
    const agg = new Map();
    for (const k of prof.kernels) {
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      const a = agg.get(key) ?? { ms: 0, n: 0 };
      a.ms += k.kernelTimeMs;
      a.n++;
      agg.set(key, a);
    }
    if (r === 1) report(agg, performance.now() - t0, 'wall: step');
  }
} else {
  const agg = new Map();
  instrumentKernels(agg);
  tf.dispose(step());
  agg.clear();
  const t0 = process.cpuUsage();
  tf.dispose(step());
  const u = process.cpuUsage(t0);
  report(agg, (u.user + u.system) / 1000, 'cpu: step');
}
