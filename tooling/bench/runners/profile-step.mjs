// Where a training step's time goes: tf.profile of one forward+backward of a bench config,
// kernel times summed by kernel and input shapes (top 25).
//   node runners/profile-step.mjs <config>      e.g. lstm-imdb, transformer-news-2l
import * as tf from '@tensorflow/tfjs-core';
import { configs, makeBatch } from '../configs.mjs';
import { createReplica } from './replica.mjs';

const name = /** @type {string} */ (process.argv[2]);
const config = /** @type {import('../configs.mjs').BenchConfig} */ (configs[name]);
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
tf.dispose(step());
for (let r = 0; r < 2; r++) {
  const t0 = performance.now();
  const prof = await tf.profile(() => {
    tf.dispose(step());
  });
  const total = performance.now() - t0;
  const agg = new Map();
  for (const k of prof.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const a = agg.get(key) ?? { ms: 0, n: 0 };
    a.ms += k.kernelTimeMs;
    a.n++;
    agg.set(key, a);
  }
  const sum = [...agg.values()].reduce((s, a) => s + a.ms, 0);
  console.log(`total ${total.toFixed(0)} ms, kernels ${sum.toFixed(0)} ms`);
  if (r === 1)
    for (const [k, a] of [...agg].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25))
      console.log(a.ms.toFixed(1).padStart(8), String(a.n).padStart(4), k.slice(0, 150));
}
