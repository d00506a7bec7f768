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
