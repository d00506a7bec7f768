import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { LayerNorm } from '../layers/layer_norm.js';
import { lengthsToMask } from './mask.js';
import { Module, ModuleList } from './module.js';

beforeAll(() => initWasm());

class Net extends Module {
  readonly scale = this.addParameter('scale', tf.ones([2]));
  readonly blocks = this.addModule(
    'blocks',
    new ModuleList([
      new Dense({ inFeatures: 2, outFeatures: 3 }),
      new Dense({ inFeatures: 3, outFeatures: 2, bias: false }),
    ]),
  );
  readonly norm = this.addModule('norm', new LayerNorm({ dim: 2 }));
  readonly drop = this.addModule('drop', new Dropout({ p: 0.5 }));
}

describe('Module', () => {
  it('names parameters with dotted PyTorch-style paths, in registration order', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      'scale',
      'blocks.0.weight',
      'blocks.0.bias',
      'blocks.1.weight',
      'norm.weight',
      'norm.bias',
    ]);
    expect(net.parameters()).toHaveLength(6);
    expect(net.numParameters()).toBe(2 + 6 + 3 + 6 + 2 + 2);
    expect(net.namedModules().map(([n]) => n)).toEqual([
      '',
      'blocks',
      'blocks.0',
      'blocks.1',
      'norm',
      'drop',
    ]);
    expect(net.children()).toHaveLength(3);
    net.dispose();
  });

  it('train() / eval() propagate to every descendant', () => {
    const net = new Net();
    expect(net.drop.training).toBe(true);
    net.eval();
    expect(net.namedModules().every(([, m]) => !m.training)).toBe(true);
    net.train();
    expect(net.blocks.get(1).training).toBe(true);
    net.dispose();
  });

  it('stateDict -> loadStateDict copies values', () => {
    const a = new Net();
    const b = new Net();
    a.blocks.get(0).weight.assign(tf.fill([3, 2], 0.25));
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.blocks.get(0).weight.dataSync())).toEqual(new Array(6).fill(0.25));
    a.dispose();
    b.dispose();
  });

  it('loadStateDict reports every missing, unexpected and mis-shaped key, and loads nothing', () => {
    const net = new Net();
    const before = Array.from(net.scale.dataSync());
    const state: Record<string, tf.Tensor> = Object.fromEntries(
      net.namedParameters().map(([n, p]) => [n, tf.zerosLike(p)]),
    );
    delete state['norm.bias'];
    state['blocks.9.weight'] = tf.zeros([1]);
    state['blocks.0.bias'] = tf.zeros([4]);
    let message = '';
    try {
      net.loadStateDict(state);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/missing key: norm\.bias/);
    expect(message).toMatch(/unexpected key: blocks\.9\.weight/);
    expect(message).toMatch(
      /shape mismatch for blocks\.0\.bias: module has \[3\], state dict has \[4\]/,
    );
    expect(message).toMatch(/strict: false/);
    expect(Array.from(net.scale.dataSync())).toEqual(before);
    const report = net.loadStateDict(state, { strict: false });
    expect(report.missing).toEqual(['norm.bias']);
    expect(report.unexpected).toEqual(['blocks.9.weight']);
    expect(report.shapeMismatch).toHaveLength(1);
    expect(Array.from(net.scale.dataSync())).toEqual([0, 0]);
    tf.dispose(Object.values(state));
    net.dispose();
  });

  it('rejects duplicate and dotted names; ModuleList range errors are clear', () => {
    class Bad extends Module {
      constructor() {
        super();
        this.addParameter('w', tf.zeros([1]));
        this.addParameter('w', tf.zeros([1]));
      }
    }
    expect(() => new Bad()).toThrow(/'w' is already registered/);
    expect(() => new ModuleList().get(0)).toThrow(/out of range/);
  });
});

describe('Rng and masks', () => {
  it("@tfnlp/core's Rng (xoshiro128**) is reproducible and roughly uniform / normal", () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const xs = Array.from({ length: 1000 }, () => a.random());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.random()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    const ns = new Rng(5).normalArray(4000);
    const m = ns.reduce((s, x) => s + x, 0) / ns.length;
    const v = ns.reduce((s, x) => s + (x - m) ** 2, 0) / ns.length;
    expect(Math.abs(m)).toBeLessThan(0.06);
    expect(Math.abs(v - 1)).toBeLessThan(0.08);
  });

  it('lengthsToMask: 1 = real token, 0 = padding', () => {
    const m = lengthsToMask([3, 1, 0], 4);
    expect(m.arraySync()).toEqual([
      [1, 1, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    m.dispose();
  });
});
