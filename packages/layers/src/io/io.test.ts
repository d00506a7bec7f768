import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Module } from '../core/module.js';
import { RNNClassifier } from '../models/rnn_classifier.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { GRU } from '../recurrent/gru.js';
import { GRUAttentionSeq2Seq } from '../seq2seq/gru_attention_seq2seq.js';
import { TransformerSeq2Seq } from '../seq2seq/transformer_seq2seq.js';
import { expectClose, FIXTURES, loadFixture } from '../testing/helpers.js';
import { buildModule } from './registry.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { FORMAT_VERSION, loadModel, loadWeights, saveModel, saveWeights } from './serialization.js';

beforeAll(() => initWasm());

describe('safetensors', () => {
  it('encodes and decodes float32/int32 tensors and metadata; header is 8-byte aligned', () => {
    const t = {
      b: tf.tensor2d([
        [1.5, -2],
        [3, 4],
      ]),
      a: tf.tensor1d([7, -8], 'int32'),
    };
    const bytes = encodeSafetensors(t, { hello: 'world' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLen) % 8).toBe(0);
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ hello: 'world' });
    expect(tensors.b!.arraySync()).toEqual([
      [1.5, -2],
      [3, 4],
    ]);
    expect(tensors.a!.dtype).toBe('int32');
    expect(tensors.a!.arraySync()).toEqual([7, -8]);
    tf.dispose([...Object.values(t), ...Object.values(tensors)]);
  });

  it('reads F16 and I64 written by other tools, and rejects garbage clearly', () => {
    const header = new TextEncoder().encode(
      JSON.stringify({
        h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        i: { dtype: 'I64', shape: [1], data_offsets: [4, 12] },
      }),
    );
    const buf = new Uint8Array(8 + header.length + 12);
    const dv = new DataView(buf.buffer);
    dv.setBigUint64(0, BigInt(header.length), true);
    buf.set(header, 8);
    const o = 8 + header.length;
    dv.setUint16(o, 0x3c00, true); // 1.0
    dv.setUint16(o + 2, 0xc000, true); // -2.0
    dv.setBigInt64(o + 4, -5n, true);
    const { tensors } = decodeSafetensors(buf);
    expect(tensors.h!.arraySync()).toEqual([1, -2]);
    expect(tensors.i!.arraySync()).toEqual([-5]);
    tf.dispose(Object.values(tensors));
    expect(() => decodeSafetensors(new Uint8Array([255, 255, 0, 0, 0, 0, 0, 0, 1]))).toThrow(
      /exceeds the file/,
    );
  });

  it('checks files strictly through @tfnlp/core and keeps prototype names as plain keys', () => {
    const header = new TextEncoder().encode(
      JSON.stringify({
        __proto__x: { dtype: 'BF16', shape: [1], data_offsets: [0, 2] },
        big: { dtype: 'U32', shape: [1], data_offsets: [2, 6] },
      }),
    );
    const buf = new Uint8Array(8 + header.length + 6);
    const dv = new DataView(buf.buffer);
    dv.setBigUint64(0, BigInt(header.length), true);
    buf.set(header, 8);
    dv.setUint16(8 + header.length, 0xc040, true); // bfloat16 -3
    dv.setUint32(8 + header.length + 2, 2 ** 31, true); // does not fit int32
    expect(() => decodeSafetensors(buf)).toThrow(/'big' holds U32 2147483648, outside int32/);
    dv.setUint32(8 + header.length + 2, 5, true);
    const { tensors } = decodeSafetensors(buf);
    expect(tensors.__proto__x!.arraySync()).toEqual([-3]);
    expect(tensors.big!.dtype).toBe('int32');
    tf.dispose(Object.values(tensors));
    const proto = encodeSafetensors({ ['__proto__']: tf.scalar(1) } as never);
    const back = decodeSafetensors(proto).tensors;
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(Object.keys(back)).toEqual(['__proto__']);
    tf.dispose(Object.values(back));
    expect(() => decodeSafetensors(buf.subarray(0, buf.length - 1))).toThrow(
      /tensor "big": data_offsets \[2, 6\] run past the data section/,
    );
    expect(() => decodeSafetensors(buf, { maxHeaderBytes: 8 })).toThrow(/over the cap of 8 bytes/);
  });

  it('writes float32 tensors as F16 that read back as float32: every half value survives', () => {
    // All 65,536 half bit patterns, read as float32 by the F16 reader, written again as F16.
    const n = 0x10000;
    const header = new TextEncoder().encode(
      JSON.stringify({ h: { dtype: 'F16', shape: [n], data_offsets: [0, 2 * n] } }),
    );
    const buf = new Uint8Array(8 + header.length + 2 * n);
    const dv = new DataView(buf.buffer);
    dv.setBigUint64(0, BigInt(header.length), true);
    buf.set(header, 8);
    for (let h = 0; h < n; h++) dv.setUint16(8 + header.length + 2 * h, h, true);
    const read = decodeSafetensors(buf).tensors;
    expect(read.h!.dtype).toBe('float32');
    const again = encodeSafetensors(
      { h: read.h!, i: tf.tensor1d([3, -4], 'int32') },
      { m: 'x' },
      { float16: true },
    );
    const hdr = JSON.parse(
      new TextDecoder().decode(
        again.subarray(8, 8 + Number(new DataView(again.buffer).getBigUint64(0, true))),
      ),
    );
    expect(hdr.h.dtype).toBe('F16');
    expect(hdr.i.dtype).toBe('I32'); // int32 stays int32
    const back = decodeSafetensors(again);
    const a = read.h!.dataSync();
    const b = back.tensors.h!.dataSync();
    let mismatches = 0;
    for (let h = 0; h < n; h++) {
      const nan = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (nan ? !Number.isNaN(b[h]) : !Object.is(a[h], b[h])) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(back.tensors.i!.arraySync()).toEqual([3, -4]);
    expect(back.metadata).toEqual({ m: 'x' });
    tf.dispose([...Object.values(read), ...Object.values(back.tensors)]);
  });
});

const CLS_OPTIONS = {
  vocabSize: 12,
  embeddingDim: 6,
  hiddenSize: 5,
  numClasses: 3,
  cell: 'lstm',
  bidirectional: true,
} as const;

describe('round trip with PyTorch', () => {
  it('loads a torch state dict saved as safetensors and reproduces the torch logits', () => {
    const fx = loadFixture('rnn_classifier_roundtrip');
    const model = new RNNClassifier({ ...CLS_OPTIONS }).eval();
    loadWeights(model, readFileSync(new URL('rnn_classifier.safetensors', FIXTURES)));
    tf.tidy(() => {
      const ids = tf.tensor2d(fx.inputs.ids as number[][], undefined, 'int32');
      const logits = model.forward(ids, tf.tensor(fx.inputs.mask.data, fx.inputs.mask.shape));
      expectClose(logits, fx.outputs.logits!, undefined, 'logits');
    });
    // What TypeScript writes has the same keys and shapes as the torch file.
    const ours = decodeSafetensors(saveWeights(model)).tensors;
    const theirs = decodeSafetensors(
      readFileSync(new URL('rnn_classifier.safetensors', FIXTURES)),
    ).tensors;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const k of Object.keys(ours)) expect(ours[k]!.shape).toEqual(theirs[k]!.shape);
    tf.dispose([...Object.values(ours), ...Object.values(theirs)]);
    model.dispose();
  });
});

describe('round trip with PyTorch: Transformer', () => {
  it('loads a torch TransformerEncoder classifier and reproduces its logits', () => {
    const fx = loadFixture('transformer_classifier_roundtrip');
    const model = new TransformerClassifier({
      vocabSize: 12,
      maxLength: 8,
      dModel: 8,
      numHeads: 2,
      numLayers: 2,
      numClasses: 3,
      dimFeedforward: 16,
      pooling: 'mean',
    }).eval();
    loadWeights(model, readFileSync(new URL('transformer_classifier.safetensors', FIXTURES)));
    tf.tidy(() => {
      const ids = tf.tensor2d(fx.inputs.ids as number[][], undefined, 'int32');
      const logits = model.forward(ids, tf.tensor(fx.inputs.mask.data, fx.inputs.mask.shape));
      expectClose(logits, fx.outputs.logits!, undefined, 'logits');
    });
    model.dispose();
  });
});

describe('saveModel / loadModel rebuild modules from JSON config', () => {
  const SMALL_TRANSFORMER = {
    vocabSize: 9,
    maxLength: 8,
    dModel: 8,
    numHeads: 2,
    numLayers: 1,
    numClasses: 2,
    seed: 5,
  };
  const runSmallTransformer = (m: Module) =>
    (m as TransformerClassifier).forward(
      tf.tensor2d([[1, 2, 3]], undefined, 'int32'),
      tf.tensor2d([[1, 1, 0]]),
    );
  const cases: [string, () => Module, (m: Module) => tf.Tensor][] = [
    [
      'RNNClassifier',
      () => new RNNClassifier({ ...CLS_OPTIONS, cell: 'gru', numLayers: 2, seed: 4 }),
      (m) => (m as RNNClassifier).forward(tf.tensor2d([[1, 2, 3]], undefined, 'int32')),
    ],
    [
      'TransformerClassifier',
      () => new TransformerClassifier({ ...SMALL_TRANSFORMER, positional: 'learned' }),
      runSmallTransformer,
    ],
    [
      'TransformerClassifier (pre-norm, no final norm, TF-IDF pooling, LayerScale)',
      () =>
        new TransformerClassifier({
          ...SMALL_TRANSFORMER,
          normFirst: true,
          finalNorm: false,
          pooling: 'tfidf',
          layerScale: 0.3,
        }),
      runSmallTransformer,
    ],
    [
      'TransformerClassifier (pre-norm, final LayerNorm after pooling with a large epsilon)',
      () =>
        new TransformerClassifier({
          ...SMALL_TRANSFORMER,
          normFirst: true,
          normAfterPooling: true,
          finalNormEps: 0.5,
        }),
      runSmallTransformer,
    ],
    [
      'TransformerSeq2Seq',
      () =>
        new TransformerSeq2Seq({
          srcVocabSize: 7,
          tgtVocabSize: 6,
          maxLength: 6,
          dModel: 8,
          numHeads: 2,
          numEncoderLayers: 1,
          numDecoderLayers: 1,
          seed: 8,
        }),
      (m) =>
        (m as TransformerSeq2Seq).forward(
          tf.tensor2d([[1, 2, 3]], undefined, 'int32'),
          tf.tensor2d([[1, 4]], undefined, 'int32'),
        ),
    ],
    [
      'GRUAttentionSeq2Seq',
      () =>
        new GRUAttentionSeq2Seq({
          srcVocabSize: 7,
          tgtVocabSize: 6,
          embeddingDim: 4,
          hiddenSize: 5,
          seed: 9,
        }),
      (m) =>
        (m as GRUAttentionSeq2Seq).forward(
          tf.tensor2d([[1, 2, 3]], undefined, 'int32'),
          tf.tensor2d([[1, 4]], undefined, 'int32'),
          {
            srcMask: tf.tensor2d([[1, 1, 0]]),
          },
        ),
    ],
    [
      'GRU',
      () => new GRU({ inputSize: 3, hiddenSize: 2, bidirectional: true, seed: 6 }),
      (m) => (m as GRU).forward(tf.ones([1, 2, 3]) as tf.Tensor3D).output,
    ],
  ];
  for (const [name, make, run] of cases) {
    it(name, () => {
      const model = make().eval();
      const saved = saveModel(model);
      expect(saved.config.format).toBe(FORMAT_VERSION);
      expect(saved.config.config.type).toBe(name.split(' ')[0]);
      const fromMeta = loadModel(saved.weights).eval(); // config read from the safetensors metadata
      // As written to and read from model.json.
      const fromConfig = loadModel(saved.weights, JSON.parse(JSON.stringify(saved.config))).eval();
      tf.tidy(() => {
        const a = run(model).dataSync();
        expect(Array.from(run(fromMeta).dataSync())).toEqual(Array.from(a));
        expect(Array.from(run(fromConfig).dataSync())).toEqual(Array.from(a));
      });
      [model, fromMeta, fromConfig].forEach((m) => {
        m.dispose();
      });
    });
  }

  it('saves float16 weights at about half the size; they load back as float32, within half precision', () => {
    const model = new TransformerClassifier({
      vocabSize: 50,
      maxLength: 8,
      dModel: 16,
      numHeads: 2,
      numLayers: 1,
      numClasses: 3,
      seed: 4,
    }).eval();
    const full = saveModel(model);
    const half = saveModel(model, { float16: true });
    expect(half.config).toEqual(full.config);
    expect(half.weights.length).toBeLessThan(0.6 * full.weights.length);
    const loaded = loadModel(half.weights).eval() as TransformerClassifier;
    const want = model.stateDict();
    for (const [name, t] of Object.entries(loaded.stateDict())) {
      expect(t.dtype).toBe('float32');
      const a = want[name]!.dataSync();
      const b = t.dataSync();
      for (let i = 0; i < a.length; i++) {
        expect(Math.abs(b[i]! - a[i]!)).toBeLessThanOrEqual(Math.abs(a[i]!) * 2 ** -11 + 2 ** -25);
      }
    }
    tf.tidy(() => {
      const ids = tf.tensor2d([[1, 7, 3, 0]], undefined, 'int32');
      const mask = tf.tensor2d([[1, 1, 1, 0]]);
      const a = model.forward(ids, mask).dataSync();
      const b = loaded.forward(ids, mask).dataSync();
      for (let i = 0; i < a.length; i++) expect(Math.abs(b[i]! - a[i]!)).toBeLessThan(1e-2);
    });
    model.dispose();
    loaded.dispose();
  });

  it('config forms: an object loads; a string (JSON text or double-encoded) is refused in one line', () => {
    const model = new GRU({ inputSize: 3, hiddenSize: 2, seed: 1 });
    const saved = saveModel(model);
    const bare = loadModel(saved.weights, saved.config.config); // a bare { type, options }
    expect(bare).toBeInstanceOf(GRU);
    // A double-encoded model.json parses to the JSON text: the string form.
    const doubleEncoded = JSON.stringify(JSON.stringify(saved.config));
    expect(() => loadModel(saved.weights, JSON.parse(doubleEncoded))).toThrow(
      /^loadModel: model\.json config is a string .*JSON\.stringify\(saveModel\(model\)\.config\)\.$/,
    );
    expect(() => loadModel(saved.weights, [] as never)).toThrow(/config must be an object/);
    expect(() =>
      loadModel(saved.weights, { format: '1', config: { type: 'GRU' } } as never),
    ).toThrow(/\{ type, options \}/);
    model.dispose();
    bare.dispose();
  });

  it('an old config with maxLen names the new key', () => {
    const old = {
      format: '1',
      config: {
        type: 'TransformerClassifier',
        options: { vocabSize: 9, maxLen: 8, dModel: 8, numHeads: 2, numLayers: 1, numClasses: 2 },
      },
    };
    const saved = saveModel(new GRU({ inputSize: 3, hiddenSize: 2 }));
    expect(() => loadModel(saved.weights, old as never)).toThrow(
      /the TransformerClassifier config has the option 'maxLen', now named 'maxLength'; rename the key in model\.json/,
    );
    expect(() => buildModule(old.config)).toThrow(/'maxLen', now named 'maxLength'/);
    // JavaScript callers that still pass maxLen to a constructor or a decoder.
    expect(() => new TransformerClassifier(old.config.options as never)).toThrow(
      /TransformerClassifier: maxLength must be a positive integer, got undefined \(the option 'maxLen' is now named 'maxLength'\)/,
    );
  });

  it('unknown types and mismatched weights explain what to do', () => {
    expect(() => buildModule({ type: 'Nope', options: {} })).toThrow(
      /unknown module type 'Nope'.*registerModule/s,
    );
    const a = new GRU({ inputSize: 3, hiddenSize: 2 });
    const b = new GRU({ inputSize: 3, hiddenSize: 4 });
    expect(() => loadWeights(b, saveWeights(a))).toThrow(/shape mismatch for weight_ih_l0/);
    a.dispose();
    b.dispose();
  });
});
