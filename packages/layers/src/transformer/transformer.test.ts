import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectClose,
  expectGradients,
  fixtureLoss,
  loadFixture,
  loadParams,
  toTensor,
} from '../testing/helpers.js';
import { TransformerDecoderLayer } from './decoder_layer.js';
import { TransformerEncoder } from './encoder.js';
import { TransformerEncoderLayer } from './encoder_layer.js';

beforeAll(() => initWasm());

describe('Transformer encoder vs PyTorch (training mode, dropout 0)', () => {
  for (const name of [
    'encoder_layer_post_relu',
    'encoder_layer_pre_gelu',
    'encoder_2layer_pre_norm',
  ]) {
    it(name, () => {
      const fx = loadFixture(name);
      const c = fx.config!;
      const opts = {
        dModel: c.dModel,
        numHeads: c.numHeads,
        dimFeedforward: c.dimFeedforward,
        dropout: 0,
        normFirst: c.normFirst,
        activation: c.activation,
      };
      const mod =
        c.numLayers === 0
          ? new TransformerEncoderLayer(opts)
          : new TransformerEncoder({ ...opts, numLayers: c.numLayers, finalNorm: c.finalNorm });
      loadParams(mod, fx);
      const x = tf.variable(toTensor(fx.inputs.x));
      const mask = toTensor(fx.inputs.mask);
      const run = () => ({ y: mod.forward(x as unknown as tf.Tensor3D, { mask }) });
      tf.tidy(() => {
        expectClose(run().y, fx.outputs.y!, undefined, 'y');
      });
      expectGradients(mod, { x }, () => fixtureLoss(run(), fx), fx);
      tf.dispose([x, mask]);
      mod.dispose();
    });
  }
});

describe('Transformer decoder layer vs PyTorch (causal + padding masks)', () => {
  for (const name of ['decoder_layer_post', 'decoder_layer_pre']) {
    it(name, () => {
      const fx = loadFixture(name);
      const c = fx.config!;
      const mod = new TransformerDecoderLayer({
        dModel: c.dModel,
        numHeads: c.numHeads,
        dimFeedforward: c.dimFeedforward,
        dropout: 0,
        normFirst: c.normFirst,
      });
      loadParams(mod, fx);
      const tgt = tf.variable(toTensor(fx.inputs.tgt));
      const memory = tf.variable(toTensor(fx.inputs.memory));
      const tgtMask = toTensor(fx.inputs.tgtMask);
      const memoryMask = toTensor(fx.inputs.memoryMask);
      const run = () => ({
        y: mod.forward(tgt as unknown as tf.Tensor3D, memory as unknown as tf.Tensor3D, {
          tgtMask,
          memoryMask,
        }),
      });
      tf.tidy(() => {
        expectClose(run().y, fx.outputs.y!, undefined, 'y');
      });
      expectGradients(mod, { tgt, memory }, () => fixtureLoss(run(), fx), fx);
      tf.dispose([tgt, memory, tgtMask, memoryMask]);
      mod.dispose();
    });
  }

  it('is causal: changing a later target token leaves earlier outputs unchanged', () => {
    const mod = new TransformerDecoderLayer({
      dModel: 8,
      numHeads: 2,
      dimFeedforward: 16,
      dropout: 0,
      seed: 1,
    });
    tf.tidy(() => {
      const tgt = tf.randomNormal([1, 4, 8], 0, 1, 'float32', 1) as tf.Tensor3D;
      const mem = tf.randomNormal([1, 3, 8], 0, 1, 'float32', 2) as tf.Tensor3D;
      const tgt2 = tf.concat(
        [tf.slice(tgt, [0, 0, 0], [1, 3, 8]), tf.ones([1, 1, 8])],
        1,
      ) as tf.Tensor3D;
      const a = tf.slice(mod.forward(tgt, mem), [0, 0, 0], [1, 3, 8]);
      const b = tf.slice(mod.forward(tgt2, mem), [0, 0, 0], [1, 3, 8]);
      expect(Math.max(...tf.abs(tf.sub(a, b)).dataSync())).toBeLessThan(1e-6);
    });
    mod.dispose();
  });

  it('state dict names follow PyTorch', () => {
    const enc = new TransformerEncoder({
      dModel: 4,
      numHeads: 2,
      dimFeedforward: 8,
      numLayers: 2,
      normFirst: true,
    });
    const keys = Object.keys(enc.stateDict());
    expect(keys).toContain('layers.1.self_attn.in_proj_weight');
    expect(keys).toContain('layers.0.linear1.weight');
    expect(keys).toContain('norm.weight');
    const dec = new TransformerDecoderLayer({ dModel: 4, numHeads: 2, dimFeedforward: 8 });
    expect(Object.keys(dec.stateDict())).toContain('multihead_attn.out_proj.weight');
    expect(Object.keys(dec.stateDict())).toContain('norm3.bias');
    enc.dispose();
    dec.dispose();
  });
});

describe('TransformerEncoderLayer layerScale (pre-norm)', () => {
  const asFixture = (t: tf.Tensor) => ({ shape: t.shape, data: Array.from(t.dataSync()) });
  const base = { dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0, normFirst: true, seed: 3 };
  const x = () => tf.randomNormal([2, 5, 8], 0, 1, 'float32', 7) as tf.Tensor3D;

  it('scales each branch: g = 1 is the plain layer, g = 0 the identity, g = 0.5 per channel', () => {
    const plain = new TransformerEncoderLayer(base);
    const one = new TransformerEncoderLayer({ ...base, layerScale: 1 });
    const zero = new TransformerEncoderLayer({ ...base, layerScale: 0 });
    expect(Object.keys(one.stateDict())).toEqual(
      expect.arrayContaining(['layer_scale1', 'layer_scale2']),
    );
    tf.tidy(() => {
      const input = x();
      expectClose(one.forward(input), asFixture(plain.forward(input)), 1e-6);
      expectClose(zero.forward(input), asFixture(input), 1e-7);
      // Manual: x + g1 * SA(norm1 x), then + g2 * FF(norm2 h), with the plain layer's modules.
      const half = new TransformerEncoderLayer({ ...base, layerScale: 0.5 });
      const g1 = tf.linspace(0.1, 0.8, 8);
      const g2 = tf.linspace(-0.3, 0.4, 8);
      half.layerScale1!.assign(g1);
      half.layerScale2!.assign(g2);
      const y = plain.norm1.forward(input) as tf.Tensor3D;
      let h = tf.add(input, tf.mul(g1, plain.selfAttn.forward(y, y, y).output));
      const ff = plain.linear2.forward(tf.relu(plain.linear1.forward(plain.norm2.forward(h))));
      h = tf.add(h, tf.mul(g2, ff));
      expectClose(half.forward(input), asFixture(h), 1e-5);
      half.dispose();
    });
    for (const m of [plain, one, zero]) m.dispose();
  });

  it('trains the scales (non-zero gradients) and refuses post-norm or a non-number', () => {
    const layer = new TransformerEncoderLayer({ ...base, layerScale: 0.1 });
    const input = x();
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(layer.forward(input))));
    value.dispose();
    for (const name of ['layer_scale1', 'layer_scale2']) {
      const g = grads[layer.stateDict()[name]!.name]!;
      expect(Math.max(...tf.abs(g).dataSync())).toBeGreaterThan(0);
    }
    tf.dispose([grads, input]);
    layer.dispose();
    expect(
      () => new TransformerEncoderLayer({ ...base, normFirst: false, layerScale: 0.1 }),
    ).toThrow(/normFirst/);
    expect(() => new TransformerEncoderLayer({ ...base, layerScale: Number.NaN })).toThrow(
      /finite/,
    );
  });
});

describe('TransformerEncoderLayer dropPath (stochastic depth)', () => {
  const base = { dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0, seed: 4 };
  const asFixture = (t: tf.Tensor) => ({ shape: t.shape, data: Array.from(t.dataSync()) });

  it('drops whole branches per example in training (kept x 1 / (1 - p)), none at inference', () => {
    const plain = new TransformerEncoderLayer({ ...base, normFirst: true });
    const layer = new TransformerEncoderLayer({ ...base, normFirst: true, dropPath: 0.5 });
    tf.tidy(() => {
      const x = tf.randomNormal([16, 3, 8], 0, 1, 'float32', 9) as tf.Tensor3D;
      layer.eval();
      expectClose(layer.forward(x), asFixture(plain.forward(x)), 1e-6);
      layer.train();
      const got = layer.forward(x);
      // The four outcomes of every example, from the plain layer's modules (scale 2).
      const sa = (h: tf.Tensor) => {
        const y = plain.norm1.forward(h) as tf.Tensor3D;
        return tf.mul(plain.selfAttn.forward(y, y, y).output, 2);
      };
      const ff = (h: tf.Tensor) =>
        tf.mul(plain.linear2.forward(tf.relu(plain.linear1.forward(plain.norm2.forward(h)))), 2);
      const withSa = tf.add(x, sa(x));
      const outcomes = [x, withSa, tf.add(x, ff(x)), tf.add(withSa, ff(withSa))];
      const seen = new Set<number>();
      for (let b = 0; b < 16; b++) {
        const row = (t: tf.Tensor) => tf.slice(t, [b, 0, 0], [1, 3, 8]);
        const match = outcomes.findIndex(
          (o) => tf.max(tf.abs(tf.sub(row(got), row(o)))).dataSync()[0]! < 1e-5,
        );
        expect(match, `example ${b}`).toBeGreaterThanOrEqual(0);
        seen.add(match);
      }
      expect(seen.size).toBeGreaterThan(1); // 16 examples do not all draw the same masks
    });
    plain.dispose();
    layer.dispose();
  });
});
