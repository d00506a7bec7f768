import * as tf from '@tensorflow/tfjs-core';
import { initWasm, useStockKernels, useTfnlpKernels } from '@tfnlp/backend-wasm';
await initWasm();
const shapes = [
  ['fwd xW^T', [16384,128],[512,128], false, true],
  ['dX plain', [16384,512],[512,128], false, false],
  ['dW A^T', [16384,512],[16384,128], true, false],
  ['sq256', [256,256],[256,256], false, false],
  ['sq512', [512,512],[512,512], false, false],
  ['rec fwd', [64,128],[128,512], false, false],
  ['rec bwd', [64,512],[512,128], false, false],
];
for (const mode of ['ours', 'stock']) {
  if (mode === 'stock') useStockKernels(); else useTfnlpKernels();
  for (const [label, sa, sb, ta, tb] of shapes) {
    const a = tf.randomNormal(sa), b = tf.randomNormal(sb);
    const M = ta ? sa[1] : sa[0], K = ta ? sa[0] : sa[1], N = tb ? sb[0] : sb[1];
    const flop = 2 * M * K * N;
    const reps = Math.max(1, Math.round(2e9 / flop));
    tf.matMul(a, b, ta, tb).dispose();
    const times = [];
    for (let r = 0; r < 5; r++) { const t0 = process.cpuUsage(); for (let i = 0; i < reps; i++) tf.matMul(a, b, ta, tb).dispose(); const u = process.cpuUsage(t0); times.push((u.user + u.system) / 1000 / reps); }
    times.sort((x, y) => x - y);
    console.log(mode.padEnd(6), label.padEnd(10), `${(flop / times[0] / 1e6).toFixed(1)} GFLOP/s (best of 5)`);
    tf.dispose([a, b]);
  }
}
