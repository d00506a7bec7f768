import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerConfig } from './index.js';
import type { NamedVariables } from './optimizer.js';

interface Fixture {
  shapes: Record<string, number[]>;
  init: Record<string, number[]>;
  grads: Array<Record<string, number[]>>;
  cases: Record<
    string,
    {
      optimizer: 'sgd' | 'adam' | 'adamw';
      options: Record<string, unknown>;
      lrs: number[] | null;
      expected: Array<Record<string, number[]>>;
    }
  >;
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/optimizers.json', import.meta.url), 'utf8'),
);
const TOL = 1e-6;

function makeParams(): NamedVariables {
  return Object.entries(fixture.shapes).map(
    ([name, shape]) => [name, tf.variable(tf.tensor(fixture.init[name]!, shape), true)] as const,
  );
}

function gradsAt(step: number): Map<string, tf.Tensor> {
  return new Map(
    Object.entries(fixture.shapes).map(([name, shape]) => [
      name,
      tf.tensor(fixture.grads[step]![name]!, shape),
    ]),
  );
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

beforeAll(async () => {
  await initWasm();
});

describe('optimizers match torch.optim over 10 steps (fixtures/optimizers.json)', () => {
  for (const [caseName, c] of Object.entries(fixture.cases)) {
    it(`${caseName}: within ${TOL}`, () => {
      const params = makeParams();
      const optimizer = createOptimizer({
        type: c.optimizer,
        ...c.options,
      } as OptimizerConfig);
      let worst = 0;
      let tensorsAfterFirst = -1;
      for (let step = 0; step < 10; step++) {
        if (c.lrs) optimizer.lr = c.lrs[step]!;
        const grads = gradsAt(step);
        optimizer.step(params, grads);
        for (const g of grads.values()) g.dispose();
        if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
        for (const [name, p] of params) {
          worst = Math.max(worst, maxAbsDiff(p.dataSync(), c.expected[step]![name]!));
        }
      }
      expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
      expect(worst).toBeLessThan(TOL);
      optimizer.dispose();
      for (const [, p] of params) p.dispose();
    });
  }
});

describe('fused Adam / AdamW kernel (@tfnlp/backend-wasm TfnlpAdamUpdate)', () => {
  const configs: OptimizerConfig[] = [
    { type: 'adam', lr: 0.01 },
    { type: 'adam', lr: 0.01, weightDecay: 0.1 },
    { type: 'adamw', lr: 0.01, weightDecay: 0.05, betas: [0.8, 0.99], eps: 1e-6 },
  ];
  for (const config of configs) {
    it(`gives bit-identical parameters to the unfused ops: ${JSON.stringify(config)}`, () => {
      const kernel = tf.getKernel('TfnlpAdamUpdate', 'wasm');
      expect(kernel).toBeDefined();
      const run = (fused: boolean) => {
        if (!fused) tf.unregisterKernel('TfnlpAdamUpdate', 'wasm');
        try {
          const params = makeParams();
          const optimizer = createOptimizer(config);
          for (let step = 0; step < 5; step++) {
            const grads = gradsAt(step);
            optimizer.step(params, grads);
            for (const g of grads.values()) g.dispose();
          }
          const values = [...params].map(([, p]) => Array.from(p.dataSync()));
          optimizer.dispose();
          for (const [, p] of params) p.dispose();
          return values;
        } finally {
          if (!fused) tf.registerKernel(kernel!);
        }
      };
      const fused = run(true);
      expect(run(false)).toEqual(fused);
    });
  }
});

describe('optimizer state', () => {
  it('getState/setState in a fresh optimizer continues bit-exactly', () => {
    const run = (split: boolean) => {
      const params = makeParams();
      const config: OptimizerConfig = { type: 'adamw', lr: 0.01, weightDecay: 0.1, amsgrad: true };
      let optimizer = createOptimizer(config);
      for (let step = 0; step < 10; step++) {
        if (split && step === 5) {
          const state = structuredClone(optimizer.getState());
          optimizer.dispose();
          optimizer = createOptimizer(config);
          optimizer.setState(state);
        }
        const grads = gradsAt(step);
        optimizer.step(params, grads);
        tf.dispose([...grads.values()]);
      }
      const out = params.map(([, p]) => Array.from(p.dataSync()));
      optimizer.dispose();
      tf.dispose(params.map(([, p]) => p));
      return out;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('refuses a state from another optimizer or other hyper-parameters', () => {
    const adam = createOptimizer({ type: 'adam', lr: 0.1 });
    const sgd = createOptimizer({ type: 'sgd', lr: 0.1 });
    expect(() => sgd.setState(adam.getState())).toThrow(/from 'adam'.*'sgd'/);
    const other = createOptimizer({ type: 'adam', lr: 0.1, betas: [0.5, 0.9] });
    expect(() => other.setState(adam.getState())).toThrow(/beta1=0.9.*beta1=0.5/);
  });

  it('default decay rule: >= 2-D weights only, embeddings configurable', () => {
    const kernel = tf.variable(tf.zeros([2, 2]));
    const bias = tf.variable(tf.zeros([2]));
    const emb = tf.variable(tf.zeros([4, 2]));
    const w = createOptimizer({ type: 'adamw', lr: 1 }).decayFilter;
    expect([w('dense/kernel', kernel), w('dense/bias', bias), w('embedding', emb)]).toEqual([
      true,
      false,
      false,
    ]);
    const we = createOptimizer({ type: 'adamw', lr: 1, decayEmbeddings: true }).decayFilter;
    expect(we('tokEmbed/table', emb)).toBe(true);
    tf.dispose([kernel, bias, emb]);
  });

  it('a decay rule that returns a number gives that parameter its own weight decay', () => {
    // Per parameter: 'a' decays at 0.5 (the optimizer's 0.1 overridden), 'b' (a vector, which
    // the default rule skips) at 0.2; with no rule 'a' at the optimizer's 0.5, 'b' not at all.
    const run = (options: { weightDecay: number; decayFilter?: (name: string) => number }) => {
      const params: NamedVariables = [
        [
          'a',
          tf.variable(
            tf.tensor2d([
              [1, -2],
              [3, 4],
            ]),
          ),
        ],
        ['b', tf.variable(tf.tensor1d([2, -1]))],
      ];
      const grads = new Map([
        ['a', tf.ones([2, 2])],
        ['b', tf.ones([2])],
      ]);
      const opt = createOptimizer({ type: 'adamw', lr: 0.1, ...options });
      try {
        for (let i = 0; i < 3; i++) opt.step(params, grads);
        return params.map(([, p]) => Array.from(p.dataSync()));
      } finally {
        tf.dispose([...params.map(([, p]) => p), ...grads.values()]);
        opt.dispose();
      }
    };
    const [a, b] = run({ weightDecay: 0.1, decayFilter: (name) => (name === 'a' ? 0.5 : 0.2) });
    const [a5] = run({ weightDecay: 0.5 });
    const [, b2] = run({ weightDecay: 0, decayFilter: (name) => (name === 'b' ? 0.2 : 0) });
    const [, bPlain] = run({ weightDecay: 0.5 });
    expect(a).toEqual(a5);
    expect(b).toEqual(b2);
    expect(b).not.toEqual(bPlain);
    expect(() => run({ weightDecay: 0, decayFilter: () => -1 })).toThrow(/weight decay -1/);
  });
});
