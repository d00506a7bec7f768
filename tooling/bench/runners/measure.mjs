// Times a runner's steps and prints one JSON line: training and inference samples/s
// (medians), peak RSS.
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * @param {object} run
 * @param {number} run.batch samples per step
 * @param {number} run.steps timed steps
 * @param {() => Promise<void> | void} run.train one training step
 * @param {() => void} run.infer one inference pass
 * @param {() => number} run.tensors live tensors now
 */
export async function measure({ batch, steps, train, infer, tensors }) {
  await train(); // warm-up: kernel setup, wasm tier-up
  /** @type {number[]} */
  const trainMs = [];
  let leak = 0;
  for (let i = 0; i < steps; i++) {
    const before = tensors();
    const start = performance.now();
    await train();
    trainMs.push(performance.now() - start);
    leak = tensors() - before;
  }
  infer();
  /** @type {number[]} */
  const inferMs = [];
  for (let i = 0; i < Math.max(3, steps); i++) {
    const start = performance.now();
    infer();
    inferMs.push(performance.now() - start);
  }
  console.log(
    JSON.stringify({
      trainSamplesPerSec: (batch * 1000) / /** @type {number} */ (median(trainMs)),
      inferSamplesPerSec: (batch * 1000) / /** @type {number} */ (median(inferMs)),
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      tensorsLeakedPerStep: leak,
    }),
  );
}
