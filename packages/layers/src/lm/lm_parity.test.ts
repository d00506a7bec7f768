// CausalLM / MaskedLM against PyTorch twins written with Hugging Face's module names
// (fixtures from scripts/make_fixtures.py): forward, loss and gradients, loaded through the
// GPT-2 / BERT name mappings.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, type Fixture, loadFixture, toTensor } from '../testing/helpers.js';
import { CausalLM } from './causal_lm.js';
import {
  type ConvertedStateDict,
  convertBertStateDict,
  convertGpt2StateDict,
  fromBertStateDict,
  fromGpt2StateDict,
} from './hf_mapping.js';
import { causalLmLoss, tokenCrossEntropy } from './lm_loss.js';
import { MaskedLM } from './masked_lm.js';

beforeAll(() => initWasm());

const ids = (fx: Fixture, key: string) =>
  tf.tensor(fx.inputs[key].data, fx.inputs[key].shape, 'int32') as tf.Tensor2D;

function checkpoint(fx: Fixture): Map<string, tf.Tensor> {
  return new Map(Object.entries(fx.params!).map(([k, v]) => [k, toTensor(v)]));
}

/** Our gradients vs the fixture's HF-named gradients mapped through the same conversion. */
function expectGradsMatch(
  model: CausalLM | MaskedLM,
  lossFn: () => tf.Scalar,
  convert: (g: Map<string, tf.Tensor>) => ConvertedStateDict,
  fx: Fixture,
): number {
  const hfGrads = new Map(
    Object.entries(fx.grads!).map(([k, v]) => [k.replace(/^param:/, ''), toTensor(v)]),
  );
  const expected = convert(hfGrads);
  const { value, grads } = tf.variableGrads(lossFn, model.trainableParameters());
  let worst = 0;
  for (const [name, v] of model.namedParameters()) {
    const e = expected.state.get(name);
    expect(e, `fixture has a gradient for ${name}`).toBeDefined();
    const g = grads[v.name]!;
    worst = Math.max(
      worst,
      expectClose(g, { shape: e!.shape, data: Array.from(e!.dataSync()) }, undefined, name),
    );
  }
  tf.dispose([value, ...Object.values(grads), ...hfGrads.values(), ...expected.state.values()]);
  return worst;
}

describe('CausalLM vs a GPT-2-named PyTorch twin', () => {
  it('loads through fromGpt2StateDict; logits, loss and gradients match', () => {
    const fx = loadFixture('gpt2_tiny');
    const model = new CausalLM({ ...fx.config!, dropout: 0 } as never);
    const ckpt = checkpoint(fx);
    const report = fromGpt2StateDict(model, ckpt);
    expect(report.missing).toEqual([]);
    expect(report.unused).toEqual([]);
    expect(report.ignored.sort()).toEqual([
      'lm_head.weight',
      'transformer.h.0.attn.bias',
      'transformer.h.1.attn.bias',
    ]);
    expect(report.loaded.length).toBe(model.namedParameters().length);
    tf.dispose([...ckpt.values()]);

    const x = ids(fx, 'ids');
    const labels = ids(fx, 'labels');
    const fwd = tf.tidy(() => {
      const logits = model.forward(x);
      return { logits, loss: causalLmLoss(logits, labels) };
    });
    const dLogits = expectClose(fwd.logits, fx.outputs.logits!, undefined, 'logits');
    const dLoss = expectClose(fwd.loss, fx.outputs.loss!, undefined, 'loss');
    tf.dispose(fwd);
    const lossFn = () =>
      tf.tidy(() => {
        const logits = model.forward(x);
        const r = toTensor(fx.inputs.R_logits);
        const rl = toTensor(fx.inputs.R_loss);
        return tf.add(
          tf.sum(tf.mul(logits, r)),
          tf.mul(causalLmLoss(logits, labels), rl),
        ) as tf.Scalar;
      });
    const dGrad = expectGradsMatch(
      model,
      lossFn,
      (g) => convertGpt2StateDict(g, { numLayers: 2 }),
      fx,
    );
    console.log(`gpt2_tiny max |diff|: logits ${dLogits}, loss ${dLoss}, grads ${dGrad}`);
    tf.dispose([x, labels]);
    model.dispose();
  });
});

describe('fromGpt2StateDict into an untied CausalLM', () => {
  it('loads lm_head.weight and gives the same logits', () => {
    const fx = loadFixture('gpt2_tiny');
    const model = new CausalLM({ ...fx.config!, dropout: 0, tieWeights: false } as never);
    const ckpt = checkpoint(fx);
    const report = fromGpt2StateDict(model, ckpt);
    expect(report.loaded).toContain('lm_head.weight');
    expect(report.missing).toEqual([]);
    expect(report.ignored).not.toContain('lm_head.weight');
    const x = ids(fx, 'ids');
    const logits = model.forward(x);
    expectClose(logits, fx.outputs.logits!, undefined, 'untied logits');
    tf.dispose([x, logits, ...ckpt.values()]);
    model.dispose();
  });
});

describe('MaskedLM vs a BERT-named PyTorch twin', () => {
  it('loads through fromBertStateDict; logits, loss and gradients match', () => {
    const fx = loadFixture('bert_tiny');
    const model = new MaskedLM({ ...fx.config!, dropout: 0 } as never);
    const ckpt = checkpoint(fx);
    const report = fromBertStateDict(model, ckpt);
    expect(report.missing).toEqual([]);
    expect(report.unused.sort()).toEqual(['bert.pooler.dense.bias', 'bert.pooler.dense.weight']);
    expect(report.ignored.sort()).toEqual([
      'bert.embeddings.position_ids',
      'cls.predictions.decoder.bias',
      'cls.predictions.decoder.weight',
    ]);
    tf.dispose([...ckpt.values()]);

    const x = ids(fx, 'ids');
    const labels = ids(fx, 'labels');
    const tokenTypeIds = ids(fx, 'tokenTypeIds');
    const mask = toTensor(fx.inputs.mask);
    const run = () => model.forward(x, { mask, tokenTypeIds });
    const fwd = tf.tidy(() => {
      const logits = run();
      return { logits, loss: tokenCrossEntropy(logits, labels) };
    });
    const dLogits = expectClose(fwd.logits, fx.outputs.logits!, undefined, 'logits');
    const dLoss = expectClose(fwd.loss, fx.outputs.loss!, undefined, 'loss');
    tf.dispose(fwd);
    const lossFn = () =>
      tf.tidy(() => {
        const logits = run();
        return tf.add(
          tf.sum(tf.mul(logits, toTensor(fx.inputs.R_logits))),
          tf.mul(tokenCrossEntropy(logits, labels), toTensor(fx.inputs.R_loss)),
        ) as tf.Scalar;
      });
    const dGrad = expectGradsMatch(
      model,
      lossFn,
      (g) => convertBertStateDict(g, { numLayers: 2 }),
      fx,
    );
    console.log(`bert_tiny max |diff|: logits ${dLogits}, loss ${dLoss}, grads ${dGrad}`);
    tf.dispose([x, labels, tokenTypeIds, mask]);
    model.dispose();
  });

  it('rejects a checkpoint of another size with one clear error', () => {
    const fx = loadFixture('bert_tiny');
    const model = new MaskedLM({ ...fx.config!, vocabSize: 16, dropout: 0 } as never);
    const ckpt = checkpoint(fx);
    expect(() => fromBertStateDict(model, ckpt)).toThrow(/word_embeddings.weight is \[16,8\]/);
    tf.dispose([...ckpt.values()]);
    model.dispose();
  });
});
