#!/usr/bin/env node
// Greedy generation of 256 new tokens with and without the KV cache on a small CausalLM
// (wasm backend); prints both wall times, the speed-up and whether the tokens agree.
// Run after `pnpm build`: `node packages/layers/scripts/bench_generate.mjs` (NEW=n, LAYERS=n, D=n).
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { CausalLM, generateAll } from '@tfnlp/layers';

await initWasm();
const newTokens = Number(process.env.NEW ?? 256);
const dModel = Number(process.env.D ?? 128);
const numLayers = Number(process.env.LAYERS ?? 4);
const model = new CausalLM({
  vocabSize: 2000,
  maxLength: 512,
  dModel,
  numHeads: 4,
  numLayers,
  dropout: 0,
  seed: 1,
}).eval();
const prompt = [5, 17, 42, 7, 99, 3, 250, 11];
const opts = { maxNewTokens: newTokens, temperature: 0 };
await generateAll(model, prompt, { ...opts, maxNewTokens: 8 }); // warm-up: kernels
await generateAll(model, prompt, { ...opts, maxNewTokens: 8, useCache: false });

/** @param {boolean} useCache */
async function timed(useCache) {
  const t0 = performance.now();
  const tokens = await generateAll(model, prompt, { ...opts, useCache });
  return { ms: performance.now() - t0, tokens };
}
const cached = await timed(true);
const uncached = await timed(false);
const same = cached.tokens.join(',') === uncached.tokens.join(',');
console.log(
  `CausalLM d${dModel} L${numLayers} V2000, prompt ${prompt.length}, ${newTokens} new tokens (greedy), backend ${tf.getBackend()}`,
);
console.log(
  `  cached   ${cached.ms.toFixed(0)} ms (${((1000 * newTokens) / cached.ms).toFixed(1)} tok/s)`,
);
console.log(
  `  uncached ${uncached.ms.toFixed(0)} ms (${((1000 * newTokens) / uncached.ms).toFixed(1)} tok/s)`,
);
console.log(`  speed-up ${(uncached.ms / cached.ms).toFixed(2)}x; identical tokens: ${same}`);
console.log(`  distinct tokens in the output: ${new Set(cached.tokens).size}`);
model.dispose();
