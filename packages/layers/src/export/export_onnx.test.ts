import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BagClassifier } from '../models/bag_classifier.js';
import { RNNClassifier, type RNNClassifierOptions } from '../models/rnn_classifier.js';
import {
  TransformerClassifier,
  type TransformerClassifierOptions,
} from '../models/transformer_classifier.js';
import {
  type Classifier,
  compare,
  paddedBatch,
  randomize,
  tfnlpLogits,
} from '../testing/export_helpers.js';
import { exportOnnx } from './export_onnx.js';
import { decodeModelProto } from './onnx_proto.js';

beforeAll(() => initWasm());

/** Logits of the exported model in onnxruntime-node. */
export async function ortLogits(
  bytes: Uint8Array,
  ids: number[][],
  mask: number[][],
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const dims = [ids.length, ids[0]!.length];
    const i64 = (rows: number[][]) => BigInt64Array.from(rows.flat(), (v) => BigInt(v));
    const out = await session.run({
      input_ids: new ort.Tensor('int64', i64(ids), dims),
      attention_mask: new ort.Tensor('int64', i64(mask), dims),
    });
    return out.logits!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const VOCAB = 30;
const base = { vocabSize: VOCAB, numClasses: 3, seed: 3 };
const rnn = (o: Partial<RNNClassifierOptions>) =>
  new RNNClassifier({ ...base, embeddingDim: 8, hiddenSize: 6, paddingIdx: 0, ...o });
const transformer = (o: Partial<TransformerClassifierOptions>) =>
  new TransformerClassifier({
    ...base,
    maxLength: 16,
    dModel: 8,
    numHeads: 2,
    numLayers: 2,
    dimFeedforward: 12,
    paddingIdx: 0,
    ...o,
  } as TransformerClassifierOptions);

/** [label, model type, factory]: every model type and the options that change its graph. */
const CASES: [string, string, () => Classifier][] = [
  ['bag', 'BagClassifier', () => new BagClassifier({ ...base, embeddingDim: 8 })],
  ['lstm last', 'RNNClassifier/lstm', () => rnn({ cell: 'lstm' })],
  [
    'bilstm x2 max',
    'RNNClassifier/lstm',
    () => rnn({ cell: 'lstm', bidirectional: true, numLayers: 2, pooling: 'max' }),
  ],
  ['bigru last', 'RNNClassifier/gru', () => rnn({ cell: 'gru', bidirectional: true })],
  ['gru x2 mean', 'RNNClassifier/gru', () => rnn({ cell: 'gru', numLayers: 2, pooling: 'mean' })],
  ['birnn tanh', 'RNNClassifier/rnn', () => rnn({ cell: 'rnn', bidirectional: true })],
  ['post-norm mean relu', 'TransformerClassifier', () => transformer({})],
  [
    'pre-norm first gelu learned layerScale',
    'TransformerClassifier',
    () =>
      transformer({
        normFirst: true,
        pooling: 'first',
        activation: 'gelu',
        positional: 'learned',
        layerScale: 0.5,
        scaleEmbeddings: true,
      }),
  ],
  [
    'pre-norm tfidf normAfterPooling gelu_tanh',
    'TransformerClassifier',
    () =>
      transformer({
        normFirst: true,
        pooling: 'tfidf',
        normAfterPooling: true,
        finalNormEps: 0.1,
        activation: 'gelu_tanh',
      }),
  ],
  [
    'pre-norm max, no final norm',
    'TransformerClassifier',
    () => transformer({ normFirst: true, pooling: 'max', finalNorm: false, numLayers: 1 }),
  ],
];

/** Largest |ORT - tfnlp| per model type, printed at the end (the report's numbers). */
const worst = new Map<string, number>();
afterAll(() => {
  console.log(
    `exportOnnx max |ORT - tfnlp|: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`,
  );
});

describe('exportOnnx', () => {
  for (const [label, type, make] of CASES) {
    it(`${label}: onnxruntime-node matches tfnlp (batch 1 and 7, T 5 and 12, padding)`, async () => {
      const model = make();
      randomize(model, 11);
      model.eval();
      const tensors = tf.memory().numTensors;
      const bytes = exportOnnx(model, { opset: 17 });
      expect(tf.memory().numTensors, 'tensors left by exportOnnx').toBe(tensors);
      for (const [B, T] of [
        [1, 5],
        [7, 5],
        [1, 12],
        [7, 12],
      ] as const) {
        const { ids, mask } = paddedBatch(B * 100 + T, B, T, VOCAB);
        const expected = tfnlpLogits(model, ids, mask);
        const actual = await ortLogits(bytes, ids, mask);
        const { maxAbs, ok } = compare(actual, expected);
        worst.set(type, Math.max(worst.get(type) ?? 0, maxAbs));
        expect(ok, `${label} B${B} T${T}: max |diff| ${maxAbs}`).toBe(true);
      }
      model.dispose();
    });
  }

  it('declares int64 inputs with dynamic batch/sequence and a float logits output', () => {
    const model = new BagClassifier({ ...base, embeddingDim: 4 });
    const tensors = tf.memory().numTensors;
    const decoded = decodeModelProto(exportOnnx(model));
    expect(tf.memory().numTensors).toBe(tensors); // no tensor left behind
    model.dispose();
    expect(decoded.opset_import[0]!.version).toBe(17);
    const dims = (v: (typeof decoded.graph.input)[number]) =>
      v.type.tensor_type.shape.dim.map((d) => ('dim_param' in d ? d.dim_param : d.dim_value));
    expect(decoded.graph.input.map((v) => [v.name, v.type.tensor_type.elem_type, dims(v)])).toEqual(
      [
        ['input_ids', 7, ['batch', 'sequence']],
        ['attention_mask', 7, ['batch', 'sequence']],
      ],
    );
    expect(decoded.graph.output.map((v) => [v.name, dims(v)])).toEqual([['logits', ['batch', 3]]]);
  });

  it('dynamicAxes renames the symbolic axes or fixes one (ORT then checks it)', async () => {
    const model = new BagClassifier({ ...base, embeddingDim: 4 });
    const bytes = exportOnnx(model.eval(), { dynamicAxes: { batch: 2, sequence: 'tokens' } });
    const input = decodeModelProto(bytes).graph.input[0]!.type.tensor_type.shape.dim;
    expect(input).toEqual([{ dim_value: 2 }, { dim_param: 'tokens' }]);
    const { ids, mask } = paddedBatch(1, 2, 6, VOCAB);
    const ok = compare(await ortLogits(bytes, ids, mask), tfnlpLogits(model, ids, mask));
    expect(ok.ok).toBe(true);
    const three = paddedBatch(1, 3, 6, VOCAB);
    await expect(ortLogits(bytes, three.ids, three.mask)).rejects.toThrow(/dimension|shape/i);
    model.dispose();
  });

  it('rejects a model type it cannot export and an opset below 17', () => {
    const layer = new (class extends BagClassifier {})({ ...base, embeddingDim: 4 });
    expect(() => exportOnnx(layer, { opset: 13 })).toThrow(/opset must be an integer >= 17/);
    layer.dispose();
    const tensorCount = tf.memory().numTensors;
    expect(() => exportOnnx({ getConfig: () => ({ type: 'X', options: {} }) } as never)).toThrow(
      /no exporter for Object/,
    );
    expect(tf.memory().numTensors).toBe(tensorCount);
  });
});
