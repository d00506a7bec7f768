// generate(): the KV cache gives exactly the uncached greedy tokens; sampling options,
// stop ids, the length bound and memory; the host-side sampler.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CausalLM } from '../lm/causal_lm.js';
import { generate, generateAll } from './generate.js';
import { argmax, chooseNextToken } from './sampling.js';

beforeAll(() => initWasm());

const make = () =>
  new CausalLM({
    vocabSize: 50,
    maxLength: 96,
    dModel: 32,
    numHeads: 4,
    numLayers: 2,
    dropout: 0,
    seed: 11,
  }).eval();

describe('generate', () => {
  it('cached greedy output equals uncached greedy output exactly', async () => {
    const model = make();
    for (const prompt of [[1], [5, 9, 2, 7], [3, 3, 3, 8, 1, 0, 4]]) {
      const opts = { maxNewTokens: 40, temperature: 0 };
      const cached = await generateAll(model, prompt, opts);
      const uncached = await generateAll(model, prompt, { ...opts, useCache: false });
      expect(cached).toHaveLength(40);
      expect(cached).toEqual(uncached);
    }
    model.dispose();
  });

  it('seeded sampling is reproducible and top-k 1 is greedy', async () => {
    const model = make();
    const prompt = [4, 2];
    const s = { maxNewTokens: 20, temperature: 1.5, topP: 0.95, seed: 3 };
    const a = await generateAll(model, prompt, s);
    expect(await generateAll(model, prompt, s)).toEqual(a);
    expect(await generateAll(model, prompt, { ...s, seed: 4 })).not.toEqual(a);
    const greedy = await generateAll(model, prompt, { maxNewTokens: 20, temperature: 0 });
    expect(await generateAll(model, prompt, { maxNewTokens: 20, topK: 1, seed: 9 })).toEqual(
      greedy,
    );
    model.dispose();
  });

  it('stops after a stop id and at maxLength; streaming and early break free everything', async () => {
    const model = make();
    const greedy = await generateAll(model, [7], { maxNewTokens: 10, temperature: 0 });
    const stopAt = greedy[3]!;
    const stopped = await generateAll(model, [7], {
      maxNewTokens: 10,
      temperature: 0,
      stopIds: [stopAt],
    });
    expect(stopped).toEqual(greedy.slice(0, greedy.indexOf(stopAt) + 1));
    const full = await generateAll(model, Array(90).fill(1), { maxNewTokens: 50, temperature: 0 });
    expect(full).toHaveLength(6); // 90 + 6 = maxLength 96
    const before = tf.memory().numTensors;
    let n = 0;
    for await (const _ of generate(model, [1, 2], { maxNewTokens: 30, temperature: 0.8 })) {
      if (++n === 5) break;
    }
    expect(n).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
    await expect(generateAll(model, [], { maxNewTokens: 1 })).rejects.toThrow(/prompt has 0/);
    await expect(generateAll(model, [1], { maxNewTokens: 1, topP: 0 })).rejects.toThrow(/topP/);
    model.dispose();
  });
});

describe('chooseNextToken', () => {
  const logits = Float32Array.from([0.5, 2, 1, -1]);

  it('greedy, top-k, top-p and the repetition penalty pick as defined', () => {
    const rng = new Rng(1);
    expect(argmax(logits)).toBe(1);
    expect(chooseNextToken(logits, [], { temperature: 0 }, rng)).toBe(1);
    expect(chooseNextToken(logits, [], { topK: 1 }, rng)).toBe(1);
    expect(chooseNextToken(logits, [], { topP: 0.1 }, rng)).toBe(1);
    // 2 / 3 < 1: the penalised favourite loses to token 2; negative logits grow more negative.
    expect(chooseNextToken(logits, [1], { temperature: 0, repetitionPenalty: 3 }, rng)).toBe(2);
    const neg = Float32Array.from([-1, -1.2]);
    expect(chooseNextToken(neg, [0], { temperature: 0, repetitionPenalty: 1.5 }, rng)).toBe(1);
  });

  it('samples the tempered softmax, restricted to top-k', () => {
    const rng = new Rng(5);
    const n = 20_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[chooseNextToken(logits, [], { temperature: 2 }, rng)]!++;
    const e = Array.from(logits, (v) => Math.exp(v / 2));
    const z = e.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 4; i++) expect(Math.abs(counts[i]! / n - e[i]! / z)).toBeLessThan(0.015);
    const k2 = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) k2[chooseNextToken(logits, [], { topK: 2 }, rng)]!++;
    expect(k2[0]! + k2[3]!).toBe(0);
    expect(k2[1]! > k2[2]! && k2[2]! > 0).toBe(true);
  });
});
