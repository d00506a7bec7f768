import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { causalMask } from '../core/mask.js';
import {
  expectClose,
  expectGradients,
  fixtureLoss,
  loadFixture,
  loadParams,
  toTensor,
} from '../testing/helpers.js';
import { MultiHeadAttention } from './multi_head_attention.js';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding } from './positional.js';
import { attentionBias, scaledDotProductAttention } from './scaled_dot_product.js';

beforeAll(() => initWasm());

describe('MultiHeadAttention vs PyTorch', () => {
  it('self- and cross-attention with key padding: outputs, weights and gradients', () => {
    const fx = loadFixture('mha');
    const mha = new MultiHeadAttention({
      dModel: fx.config!.dModel,
      numHeads: fx.config!.numHeads,
    });
    loadParams(mha, fx);
    const x = tf.variable(toTensor(fx.inputs.x)) as unknown as tf.Tensor3D;
    const q = tf.variable(toTensor(fx.inputs.q)) as unknown as tf.Tensor3D;
    const mask = toTensor(fx.inputs.mask);
    const run = () => {
      const s = mha.forward(x, x, x, { keyMask: mask, needWeights: true });
      const c = mha.forward(q, x, x, { keyMask: mask, needWeights: true });
      return {
        self: s.output,
        self_weights: s.weights!,
        cross: c.output,
        cross_weights: c.weights!,
      };
    };
    tf.tidy(() => {
      const o = run();
      for (const [k, v] of Object.entries(o)) expectClose(v, fx.outputs[k]!, undefined, k);
    });
    expectGradients(
      mha,
      { x: x as unknown as tf.Variable, q: q as unknown as tf.Variable },
      () => fixtureLoss(run(), fx),
      fx,
    );
    tf.dispose([x, q, mask]);
    mha.dispose();
  });

  it('has PyTorch state-dict names', () => {
    const mha = new MultiHeadAttention({ dModel: 8, numHeads: 2 });
    expect(Object.keys(mha.stateDict())).toEqual([
      'in_proj_weight',
      'in_proj_bias',
      'out_proj.weight',
      'out_proj.bias',
    ]);
    expect(() => new MultiHeadAttention({ dModel: 10, numHeads: 3 })).toThrow(
      /multiple of numHeads/,
    );
    mha.dispose();
  });
});

describe('scaled dot-product attention masks', () => {
  it('masked keys get zero weight; causal mask hides the future', () => {
    tf.tidy(() => {
      const q = tf.randomNormal([2, 1, 4, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const keyMask = tf.tensor2d([
        [1, 1, 1, 1],
        [1, 1, 0, 0],
      ]);
      const bias = attentionBias({ keyMask, attnMask: causalMask(4) });
      const { weights } = scaledDotProductAttention(q, q, q, bias);
      const w = weights.arraySync() as number[][][][];
      for (let b = 0; b < 2; b++) {
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            const allowed = j <= i && (b === 0 || j < 2);
            if (!allowed) expect(w[b]![0]![i]![j]).toBe(0);
          }
          expect(w[b]![0]![i]!.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 5);
        }
      }
    });
  });

  it('masked keys do not influence the output (changing them changes nothing)', () => {
    const mha = new MultiHeadAttention({ dModel: 4, numHeads: 2, seed: 3 });
    tf.tidy(() => {
      const x = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 4) as tf.Tensor3D;
      const noise = tf.concat(
        [tf.zeros([1, 3, 4]), tf.randomNormal([1, 2, 4], 0, 5, 'float32', 5)],
        1,
      );
      const x2 = tf.add(x, noise) as tf.Tensor3D;
      const keyMask = tf.tensor2d([[1, 1, 1, 0, 0]]);
      const a = tf.slice(mha.forward(x, x, x, { keyMask }).output, [0, 0, 0], [1, 3, 4]);
      const b = tf.slice(mha.forward(x2, x2, x2, { keyMask }).output, [0, 0, 0], [1, 3, 4]);
      expect(Math.max(...tf.abs(tf.sub(a, b)).dataSync())).toBeLessThan(1e-6);
    });
    mha.dispose();
  });
});

describe('positional encodings', () => {
  it('sinusoidal table matches the PyTorch tutorial formula', () => {
    const fx = loadFixture('positional');
    const pe = new SinusoidalPositionalEncoding({ maxLength: 6, dModel: 8 });
    tf.tidy(() => {
      const out = pe.forward(tf.zeros([1, 6, 8]) as tf.Tensor3D);
      expectClose(tf.squeeze(out, [0]), fx.outputs.pe!);
    });
    expect(pe.parameters()).toHaveLength(0);
    expect(() => pe.forward(tf.zeros([1, 7, 8]) as tf.Tensor3D)).toThrow(/exceeds maxLength 6/);
    pe.dispose();
  });

  it('learned positions add rows of a trainable table, with offset', () => {
    const lp = new LearnedPositionalEmbedding({ maxLength: 5, dModel: 2, seed: 1 });
    tf.tidy(() => {
      const out = lp.forward(tf.zeros([1, 2, 2]) as tf.Tensor3D, 3);
      const w = lp.weight.arraySync() as number[][];
      expect(out.arraySync()).toEqual([[w[3], w[4]]]);
    });
    expect(Object.keys(lp.stateDict())).toEqual(['weight']);
    lp.dispose();
  });
});

describe('MultiHeadAttention speed path', () => {
  it('uses the fused attention kernel when weights are not requested, with the same outputs and gradients', async () => {
    const mha = new MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 5 });
    const x = tf.randomNormal([3, 6, 8], 0, 1, 'float32', 3) as tf.Tensor3D;
    const keyMask = tf.tensor2d([
      [1, 1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0, 0],
      [1, 1, 0, 0, 0, 0],
    ]);
    const attnMask = causalMask(6);
    const profile = await tf.profile(() => mha.forward(x, x, x, { keyMask, attnMask }).output);
    expect(profile.kernels.map((k) => k.name)).toContain('TfnlpAttention');
    const run = () =>
      tf.tidy(() => {
        const out = mha.forward(x, x, x, { keyMask, attnMask }).output;
        const grads = tf.grads((a: tf.Tensor) =>
          tf.sum(
            tf.square(
              mha.forward(a as tf.Tensor3D, a as tf.Tensor3D, a as tf.Tensor3D, { keyMask }).output,
            ),
          ),
        )([x]);
        return [out, ...grads];
      });
    const fused = run();
    const kernel = tf.getKernel('TfnlpAttention', 'wasm')!;
    tf.unregisterKernel('TfnlpAttention', 'wasm');
    try {
      const plain = run();
      fused.forEach((t, i) => {
        const a = t.dataSync();
        const b = plain[i]!.dataSync();
        let worst = 0;
        for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!));
        expect(worst, `tensor ${i}`).toBeLessThan(1e-5);
      });
    } finally {
      tf.registerKernel(kernel);
    }
  });
});
