import * as tf from '@tensorflow/tfjs-core';
import { initWasm, kernelConfigs } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Module } from '../core/module.js';
import {
  expectClose,
  expectGradients,
  fixtureLoss,
  loadFixture,
  loadParams,
  toTensor,
} from '../testing/helpers.js';
import { gelu, geluTanh } from './activations.js';
import { Dense } from './dense.js';
import { Dropout, reseedDropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer_norm.js';
import { firstTokenPool, lastTokenPool, maskedMaxPool, maskedMeanPool } from './pooling.js';

beforeAll(() => initWasm());

class LinearNorm extends Module {
  readonly linear = this.addModule('linear', new Dense({ inFeatures: 4, outFeatures: 8 }));
  readonly norm = this.addModule('norm', new LayerNorm({ dim: 8 }));
}

describe('basic layers vs PyTorch', () => {
  const fx = loadFixture('basic');

  it('Dense, LayerNorm, GELU (erf and tanh) forward and gradients within 1e-5', () => {
    const m = new LinearNorm();
    loadParams(m, fx);
    const x = tf.variable(toTensor(fx.inputs.x));
    const outputs = () => {
      const linear = m.linear.forward(x);
      return { linear, layernorm: m.norm.forward(linear), gelu: gelu(x), gelu_tanh: geluTanh(x) };
    };
    tf.tidy(() => {
      const o = outputs();
      for (const k of Object.keys(o) as (keyof typeof o)[])
        expectClose(o[k], fx.outputs[k]!, 1e-5, k);
    });
    expectGradients(m, { x }, () => fixtureLoss(outputs(), fx), fx);
    x.dispose();
    m.dispose();
  });

  it('masked mean and max pooling', () => {
    tf.tidy(() => {
      const x = toTensor(fx.inputs.x) as tf.Tensor3D;
      const mask = toTensor(fx.inputs.mask);
      expectClose(maskedMeanPool(x, mask), fx.outputs.mean_pool!);
      expectClose(maskedMaxPool(x, mask), fx.outputs.max_pool!);
    });
  });
});

describe('fused LayerNorm / GELU kernels (looked up by name)', () => {
  const FUSED = ['TfnlpLayerNorm', 'TfnlpGelu'];
  /** Runs `fn` with the fused kernels unregistered (the plain-op path), then puts them back. */
  function plain<T>(fn: () => T): T {
    for (const name of FUSED) tf.unregisterKernel(name, 'wasm');
    try {
      return fn();
    } finally {
      for (const name of FUSED)
        tf.registerKernel(kernelConfigs.find((c) => c.kernelName === name)!);
    }
  }

  it('are used on wasm, and match the plain path forward and backward', async () => {
    const norm = new LayerNorm({ dim: 13 });
    tf.tidy(() => {
      norm.weight!.assign(tf.randomNormal([13], 1, 0.3, 'float32', 5));
      norm.bias!.assign(tf.randomNormal([13], 0, 0.3, 'float32', 6));
    });
    const x = tf.randomNormal([3, 5, 13], 0, 2, 'float32', 7);
    const run = () =>
      tf.tidy(() => {
        const f = (xx: tf.Tensor) =>
          tf.sum(tf.mul(geluTanh(gelu(norm.forward(xx))), tf.range(0, 13)));
        const { value, grads } = tf.variableGrads(() => f(x) as tf.Scalar);
        const dx = tf.grad(f)(x);
        return [value, dx, grads[norm.weight!.name]!, grads[norm.bias!.name]!].map((t) =>
          Array.from(t.dataSync()),
        );
      });
    const { kernelNames } = await tf.profile(() => void run());
    expect(kernelNames).toEqual(expect.arrayContaining(['TfnlpLayerNorm', 'TfnlpLayerNormGrad']));
    expect(kernelNames).toEqual(expect.arrayContaining(['TfnlpGelu', 'TfnlpGeluGrad']));
    const fused = run();
    const reference = plain(run);
    fused.forEach((values, i) => {
      values.forEach((v, j) => {
        expect(Math.abs(v - reference[i]![j]!)).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(reference[i]![j]!)),
        );
      });
    });
    tf.dispose(x);
    norm.dispose();
  });
});

describe('pooling edge cases', () => {
  it('first/last token and empty rows', () => {
    tf.tidy(() => {
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
      const mask = tf.tensor2d([1, 1, 0, 0, 0, 0], [2, 3]);
      expect(firstTokenPool(x).arraySync()).toEqual([
        [1, 2],
        [7, 8],
      ]);
      expect(lastTokenPool(x, mask).arraySync()).toEqual([
        [3, 4],
        [7, 8],
      ]);
      expect(lastTokenPool(x).arraySync()).toEqual([
        [5, 6],
        [11, 12],
      ]);
      // The all-padding row pools to zeros, not NaN.
      expect(Array.from(maskedMeanPool(x, mask).dataSync(), (v) => v + 0)).toEqual([2, 3, 0, 0]);
      expect(Array.from(maskedMaxPool(x, mask).dataSync(), (v) => v + 0)).toEqual([3, 4, 0, 0]);
    });
  });
});

describe('Embedding', () => {
  it('looks up rows, zeros the padding row, trains through gather', () => {
    const emb = new Embedding({ numEmbeddings: 6, embeddingDim: 3, paddingIdx: 0, seed: 3 });
    const ids = tf.tensor2d(
      [
        [1, 0],
        [5, 1],
      ],
      [2, 2],
      'int32',
    );
    const out = emb.forward(ids);
    expect(out.shape).toEqual([2, 2, 3]);
    expect(Array.from(out.dataSync().slice(3, 6))).toEqual([0, 0, 0]);
    const w = emb.weight.arraySync() as number[][];
    expect(Array.from(out.dataSync().slice(0, 3))).toEqual(w[1]!.map(Math.fround));
    const { grads } = tf.variableGrads(() => tf.sum(emb.forward(ids)) as tf.Scalar, [emb.weight]);
    // Row 1 is used twice, row 5 once, others never; the padding row 0 gets no gradient.
    const g = grads[emb.weight.name]!.arraySync() as number[][];
    expect(g[0]).toEqual([0, 0, 0]);
    expect(g[1]).toEqual([2, 2, 2]);
    expect(g[5]).toEqual([1, 1, 1]);
    expect(g[2]).toEqual([0, 0, 0]);
    tf.dispose([ids, out, ...Object.values(grads)]);
    emb.dispose();
  });

  it('rejects float ids with a helpful error', () => {
    const emb = new Embedding({ numEmbeddings: 4, embeddingDim: 2 });
    const ids = tf.tensor2d([[1, 2]]);
    expect(() => emb.forward(ids)).toThrow(/int32/);
    ids.dispose();
    emb.dispose();
  });
});

describe('Dropout', () => {
  it('is seeded, scales kept units, and is the identity in eval mode', () => {
    const x = tf.ones([4, 50]);
    const a = new Dropout({ p: 0.5, seed: 9 }).forward(x);
    const b = new Dropout({ p: 0.5, seed: 9 }).forward(x);
    const c = new Dropout({ p: 0.5, seed: 10 }).forward(x);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    const vals = new Set(a.dataSync());
    expect([...vals].sort()).toEqual([0, 2]);
    const kept = a.dataSync().filter((v) => v > 0).length / 200;
    expect(kept).toBeGreaterThan(0.35);
    expect(kept).toBeLessThan(0.65);
    const d = new Dropout({ p: 0.5 }).eval();
    expect(d.forward(x)).toBe(x);
    expect(() => new Dropout({ p: 1 })).toThrow(/\[0, 1\)/);
    tf.dispose([x, a, b, c]);
  });

  it('reseedDropout restarts every Dropout of a model from one seed, each layer differently', () => {
    class Two extends Module {
      readonly a = this.addModule('a', new Dropout({ p: 0.5, seed: 1 }));
      readonly b = this.addModule('b', new Dropout({ p: 0.5, seed: 1 }));
    }
    const m = new Two();
    const x = tf.ones([4, 32]);
    const masks = (seed: number) => {
      reseedDropout(m, seed);
      return [m.a, m.b].map((d) => {
        const y = d.forward(x);
        const values = Array.from(y.dataSync());
        y.dispose();
        return values;
      });
    };
    const [a7, b7] = masks(7);
    const [a7again, b7again] = masks(7);
    const [a8] = masks(8);
    expect(a7again).toEqual(a7);
    expect(b7again).toEqual(b7);
    expect(b7).not.toEqual(a7); // same constructor seed, different paths
    expect(a8).not.toEqual(a7);
    tf.dispose(x);
  });

  it('draws its mask with the wasm dropout-mask kernel, and gradients flow through kept units', async () => {
    const x = tf.ones([8, 64]);
    const dropout = new Dropout({ p: 0.25, seed: 5 });
    const profile = await tf.profile(() => dropout.forward(x));
    expect(profile.kernels.map((k) => k.name)).toContain('TfnlpDropoutMask');
    dropout.reseed(5);
    const y = dropout.forward(x);
    dropout.reseed(5);
    const dx = tf.grad((v: tf.Tensor) => tf.sum(dropout.forward(v)))(x);
    expect(Array.from(dx.dataSync())).toEqual(Array.from(y.dataSync())); // d(x*mask)/dx = mask
    tf.dispose([x, y, dx]);
  });
});
