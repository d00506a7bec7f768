// beamSearchLM: the cached search equals the recomputing one, beam 1 is greedy, scores are
// the sequences' log-probabilities.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CausalLM } from '../lm/causal_lm.js';
import { beamSearchLM } from './beam_search.js';
import { generateAll } from './generate.js';

let model: CausalLM;
beforeAll(async () => {
  await initWasm();
  model = new CausalLM({
    vocabSize: 40,
    maxLength: 32,
    dModel: 32,
    numHeads: 4,
    numLayers: 2,
    dropout: 0,
    seed: 21,
  }).eval();
});

describe('beamSearchLM', () => {
  it('cached equals uncached; beam 1 is greedy; logProbs are the sequences log-likelihoods', async () => {
    const prompt = [3, 14, 15];
    const opts = { maxNewTokens: 12, beamSize: 4, stopIds: [7] };
    const cached = beamSearchLM(model, prompt, opts);
    const uncached = beamSearchLM(model, prompt, { ...opts, useCache: false });
    expect(cached.map((h) => h.tokens)).toEqual(uncached.map((h) => h.tokens));
    expect(cached).toHaveLength(4);
    const greedy = await generateAll(model, prompt, { maxNewTokens: 12, temperature: 0 });
    expect(beamSearchLM(model, prompt, { maxNewTokens: 12, beamSize: 1 })[0]!.tokens).toEqual(
      greedy,
    );
    for (const h of cached) {
      const seq = [...prompt, ...h.tokens];
      const lp = tf.tidy(() => {
        const logp = tf.logSoftmax(model.forward(tf.tensor2d([seq], undefined, 'int32')));
        const rows = logp.arraySync()[0]!;
        return h.tokens.reduce((s, t, i) => s + rows[prompt.length - 1 + i]![t]!, 0);
      });
      expect(h.logProb).toBeCloseTo(lp, 4);
      expect(h.finished).toBe(h.tokens[h.tokens.length - 1] === 7);
    }
    expect(cached[0]!.logProb).toBeGreaterThanOrEqual(cached[1]!.logProb);
  });

  it('frees the cache', () => {
    const before = tf.memory().numTensors;
    beamSearchLM(model, [1, 2], { maxNewTokens: 6, beamSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

afterAll(() => model.dispose());
