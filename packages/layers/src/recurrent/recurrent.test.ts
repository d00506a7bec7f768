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
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RNNBase, RNNOutput } from './rnn_base.js';
import { SimpleRNN } from './simple_rnn.js';

beforeAll(() => initWasm());

const CASES = [
  'lstm_bi2_masked',
  'lstm_h0',
  'gru_bi_masked',
  'gru_2layer',
  'rnn_tanh_bi2',
  'rnn_relu',
];

function build(cfg: Record<string, unknown>): RNNBase {
  const opts = {
    inputSize: cfg.inputSize as number,
    hiddenSize: cfg.hiddenSize as number,
    numLayers: cfg.numLayers as number,
    bidirectional: cfg.bidirectional as boolean,
  };
  if (cfg.kind === 'LSTM') return new LSTM(opts);
  if (cfg.kind === 'GRU') return new GRU(opts);
  return new SimpleRNN({ ...opts, nonlinearity: cfg.nonlinearity as 'tanh' | 'relu' });
}

describe('recurrent layers vs PyTorch (forward + gradients, atol = rtol = 1e-5)', () => {
  for (const name of CASES) {
    it(name, () => {
      const fx = loadFixture(name);
      const rnn = build(fx.config!);
      loadParams(rnn, fx);
      const vars: Record<string, tf.Variable> = { x: tf.variable(toTensor(fx.inputs.x)) };
      if (fx.inputs.h0) vars.h0 = tf.variable(toTensor(fx.inputs.h0));
      if (fx.inputs.c0) vars.c0 = tf.variable(toTensor(fx.inputs.c0));
      const mask = fx.inputs.mask ? toTensor(fx.inputs.mask) : undefined;
      const run = (): RNNOutput =>
        rnn.forward(vars.x as unknown as tf.Tensor3D, {
          mask,
          h0: vars.h0 as unknown as tf.Tensor3D | undefined,
          c0: vars.c0 as unknown as tf.Tensor3D | undefined,
        });
      const asRecord = (o: RNNOutput): Record<string, tf.Tensor> => ({
        output: o.output,
        hN: o.hN,
        ...(o.cN ? { cN: o.cN } : {}),
      });
      tf.tidy(() => {
        const out = asRecord(run());
        expect(Object.keys(out).sort()).toEqual(Object.keys(fx.outputs).sort());
        for (const [k, v] of Object.entries(out)) expectClose(v, fx.outputs[k]!, undefined, k);
      });
      expectGradients(rnn, vars, () => fixtureLoss(asRecord(run()), fx), fx);
      tf.dispose([...Object.values(vars), mask]);
      rnn.dispose();
    });
  }
});

describe('recurrent layers: structure and masking', () => {
  it('uses PyTorch parameter names and shapes', () => {
    const lstm = new LSTM({ inputSize: 4, hiddenSize: 3, numLayers: 2, bidirectional: true });
    const shapes = Object.fromEntries(lstm.namedParameters().map(([n, p]) => [n, p.shape]));
    expect(shapes).toEqual({
      weight_ih_l0: [12, 4],
      weight_hh_l0: [12, 3],
      bias_ih_l0: [12],
      bias_hh_l0: [12],
      weight_ih_l0_reverse: [12, 4],
      weight_hh_l0_reverse: [12, 3],
      bias_ih_l0_reverse: [12],
      bias_hh_l0_reverse: [12],
      weight_ih_l1: [12, 6],
      weight_hh_l1: [12, 3],
      bias_ih_l1: [12],
      bias_hh_l1: [12],
      weight_ih_l1_reverse: [12, 6],
      weight_hh_l1_reverse: [12, 3],
      bias_ih_l1_reverse: [12],
      bias_hh_l1_reverse: [12],
    });
    expect(new GRU({ inputSize: 2, hiddenSize: 5 }).stateDict().weight_hh_l0!.shape).toEqual([
      15, 5,
    ]);
    lstm.dispose();
  });

  it('padding does not change the final state or real outputs (both directions)', () => {
    const gru = new GRU({ inputSize: 3, hiddenSize: 4, bidirectional: true, seed: 5 });
    tf.tidy(() => {
      const real = tf.randomNormal([1, 3, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
      const padded = tf.concat(
        [real, tf.randomNormal([1, 2, 3], 0, 1, 'float32', 2)],
        1,
      ) as tf.Tensor3D;
      const a = gru.forward(real);
      const b = gru.forward(padded, { mask: tf.tensor2d([[1, 1, 1, 0, 0]]) });
      expect(Math.max(...tf.abs(tf.sub(a.hN, b.hN)).dataSync())).toBeLessThan(1e-6);
      const realPart = tf.slice(b.output, [0, 0, 0], [1, 3, -1]);
      expect(Math.max(...tf.abs(tf.sub(a.output, realPart)).dataSync())).toBeLessThan(1e-6);
      expect(Math.max(...tf.abs(tf.slice(b.output, [0, 3, 0], [1, 2, -1])).dataSync())).toBe(0);
    });
    gru.dispose();
  });

  it('same seed gives the same weights; wrong input shapes explain themselves', () => {
    const a = new LSTM({ inputSize: 2, hiddenSize: 2, seed: 1 });
    const b = new LSTM({ inputSize: 2, hiddenSize: 2, seed: 1 });
    const c = new LSTM({ inputSize: 2, hiddenSize: 2, seed: 2 });
    expect(Array.from(a.stateDict().weight_ih_l0!.dataSync())).toEqual(
      Array.from(b.stateDict().weight_ih_l0!.dataSync()),
    );
    expect(Array.from(a.stateDict().weight_ih_l0!.dataSync())).not.toEqual(
      Array.from(c.stateDict().weight_ih_l0!.dataSync()),
    );
    const x = tf.zeros([1, 3, 5]) as tf.Tensor3D;
    expect(() => a.forward(x)).toThrow(/expected input \[batch, time, 2\]/);
    tf.dispose(x);
    [a, b, c].forEach((m) => {
      m.dispose();
    });
  });
});

describe('LSTM speed path', () => {
  it('runs each direction as one fused kernel on wasm, and matches the per-step path', async () => {
    const lstm = new LSTM({
      inputSize: 6,
      hiddenSize: 5,
      numLayers: 2,
      bidirectional: true,
      seed: 3,
    });
    const x = tf.randomNormal([3, 7, 6], 0, 1, 'float32', 1) as tf.Tensor3D;
    const mask = tf.tensor2d([
      [1, 1, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0],
    ]);
    const profile = await tf.profile(() => lstm.forward(x, { mask }).output);
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels.filter((k) => k === 'TfnlpLstmSequence').length).toBe(4); // 2 layers x 2 directions
    expect(kernels).not.toContain('Sigmoid');
    const asFixture = (t: tf.Tensor) => ({ shape: t.shape, data: Array.from(t.dataSync()) });

    const fused = lstm.forward(x, { mask });
    const stock = tf.getKernel('TfnlpLstmSequence', 'wasm')!;
    tf.unregisterKernel('TfnlpLstmSequence', 'wasm');
    try {
      const perStep = lstm.forward(x, { mask });
      expectClose(fused.output, asFixture(perStep.output), undefined, 'output');
      expectClose(fused.hN, asFixture(perStep.hN), undefined, 'hN');
      expectClose(fused.cN!, asFixture(perStep.cN!), undefined, 'cN');
    } finally {
      tf.registerKernel(stock);
    }
  });
});
