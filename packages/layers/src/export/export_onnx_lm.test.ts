import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CausalLM, type CausalLMOptions } from '../lm/causal_lm.js';
import {
  compare,
  paddedBatch,
  randomize,
  realRows,
  tfnlpLmLogits,
} from '../testing/export_helpers.js';
import { exportOnnx } from './export_onnx.js';
import { decodeModelProto } from './onnx_proto.js';

beforeAll(() => initWasm());

const VOCAB = 30;
const lm = (o: Partial<CausalLMOptions>) =>
  new CausalLM({
    vocabSize: VOCAB,
    maxLength: 16,
    dModel: 8,
    numHeads: 2,
    numLayers: 2,
    dimFeedforward: 12,
    seed: 5,
    ...o,
  });

/** ORT's logits [B, T, V] and their dims. */
async function ortRun(bytes: Uint8Array, ids: number[][], mask: number[][]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const dims = [ids.length, ids[0]!.length];
    const i64 = (rows: number[][]) => BigInt64Array.from(rows.flat(), (v) => BigInt(v));
    const out = await session.run({
      input_ids: new ort.Tensor('int64', i64(ids), dims),
      attention_mask: new ort.Tensor('int64', i64(mask), dims),
    });
    return { data: out.logits!.data as Float32Array, dims: [...out.logits!.dims] };
  } finally {
    await session.release();
  }
}

const CASES: [string, () => CausalLM][] = [
  ['tied gelu_tanh x2', () => lm({})],
  [
    'untied lm_head gelu x1 eps 1e-3',
    () => lm({ tieWeights: false, activation: 'gelu', numLayers: 1, layerNormEps: 1e-3 }),
  ],
];

let worst = 0;
afterAll(() => console.log(`exportOnnx CausalLM max |ORT - tfnlp|: ${worst.toExponential(2)}`));

describe('exportOnnx CausalLM', () => {
  for (const [label, make] of CASES) {
    it(`${label}: onnxruntime-node matches tfnlp (batch 1 and 7, T 5 and 12, padding)`, async () => {
      const model = make();
      randomize(model, 17);
      model.eval();
      const tensors = tf.memory().numTensors;
      const bytes = exportOnnx(model);
      expect(tf.memory().numTensors, 'tensors left by exportOnnx').toBe(tensors);
      for (const [B, T] of [
        [1, 5],
        [7, 5],
        [1, 12],
        [7, 12],
      ] as const) {
        const { ids, mask } = paddedBatch(B * 100 + T + 1, B, T, VOCAB);
        const expected = tfnlpLmLogits(model, ids, mask);
        const actual = await ortRun(bytes, ids, mask);
        expect(actual.dims).toEqual([B, T, VOCAB]);
        const { maxAbs, ok } = compare(
          realRows(actual.data, mask, VOCAB),
          realRows(expected, mask, VOCAB),
        );
        worst = Math.max(worst, maxAbs);
        expect(ok, `${label} B${B} T${T}: max |diff| ${maxAbs}`).toBe(true);
      }
      model.dispose();
    });
  }

  it('the causal mask hides later tokens: changing token 4 leaves logits 0..3 as they were', async () => {
    const model = lm({});
    randomize(model, 3);
    const bytes = exportOnnx(model.eval());
    const ids = [[1, 2, 3, 4, 5, 6]];
    const mask = [[1, 1, 1, 1, 1, 1]];
    const a = (await ortRun(bytes, ids, mask)).data;
    const b = (await ortRun(bytes, [[1, 2, 3, 4, 9, 6]], mask)).data;
    const upTo = (x: Float32Array, t: number) => Array.from(x.subarray(0, t * VOCAB));
    expect(upTo(b, 4)).toEqual(upTo(a, 4));
    expect(compare(b.subarray(4 * VOCAB), a.subarray(4 * VOCAB)).ok).toBe(false);
    model.dispose();
  });

  it('declares logits [batch, sequence, vocab] and shares the tied table', () => {
    const model = lm({ numLayers: 1 });
    const decoded = decodeModelProto(exportOnnx(model.eval()));
    model.dispose();
    const dims = decoded.graph.output[0]!.type.tensor_type.shape.dim.map((d) =>
      'dim_param' in d ? d.dim_param : d.dim_value,
    );
    expect(dims).toEqual(['batch', 'sequence', VOCAB]);
    const names = decoded.graph.initializer.map((t) => t.name);
    expect(names.filter((n) => n.startsWith('wte'))).toEqual(['wte.weight']);
    expect(names).toContain('wpe.weight');
    expect(names.some((n) => n.startsWith('lm_head'))).toBe(false);
  });
});
