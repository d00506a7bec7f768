import * as tf from '@tensorflow/tfjs-core';
import { Adam, Trainer } from '@tfnlp/train';
import { DataParallel } from '@tfnlp/train/node';
import { configs, makeBatch } from '../configs.mjs';
import { createReplica } from './replica.mjs';

const [name, replicasArg] = process.argv.slice(2);
const config = configs[name];
const replicas = Number(replicasArg);
const parallel =
  replicas > 1
    ? await DataParallel.start({
        module: new URL('./replica.mjs', import.meta.url),
        options: { name },
        replicas,
      })
    : undefined;
const t = { sync: 0, wait: 0, computeCall: 0 };
if (parallel) {
  const s = parallel.syncParameters.bind(parallel);
  parallel.syncParameters = (p) => {
    const a = performance.now();
    s(p);
    t.sync += performance.now() - a;
  };
  const c = parallel.compute.bind(parallel);
  parallel.compute = (sh, ctx) => {
    const a = performance.now();
    const pr = c(sh, ctx);
    const issued = performance.now();
    t.computeCall += issued - a;
    return pr.then((r) => {
      t.done = performance.now();
      return r;
    });
  };
}
const { model, forward } = await createReplica({ name });
let fwd = 0;
const timedForward = (m, b, ctx) => {
  const a = performance.now();
  const out = forward(m, b, ctx);
  fwd += performance.now() - a;
  return out;
};
const opt = new Adam({ lr: 1e-3 });
const st = opt.step.bind(opt);
let optMs = 0;
opt.step = (p, g) => {
  const a = performance.now();
  st(p, g);
  optMs += performance.now() - a;
};
const trainer = new Trainer({ model, forward: timedForward, optimizer: opt, parallel });
const { ids, labels } = makeBatch(config);
const batch = { ids, labels, batchSize: config.batch };
let last;
trainer.on('step', (e) => {
  const now = performance.now();
  if (last)
    console.log(
      `step ${(now - last).toFixed(0)} ms; sync ${t.sync.toFixed(0)} opt ${optMs.toFixed(0)} fwd(js) ${fwd.toFixed(0)}`,
    );
  t.sync = 0;
  optMs = 0;
  fwd = 0;
  last = now;
});
await trainer.fit(new Array(5).fill(batch), { epochs: 1 });
await parallel?.close();
