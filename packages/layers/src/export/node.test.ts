import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWasm } from '@tfnlp/backend-wasm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../io/safetensors.js';
import { saveModel } from '../io/serialization.js';
import { RNNClassifier } from '../models/rnn_classifier.js';
import { compare, tfnlpLogits } from '../testing/export_helpers.js';
import { exportModelFolder } from './node.js';

let root: string;
beforeAll(async () => {
  await initWasm();
  root = mkdtempSync(join(tmpdir(), 'tfnlp-export-folder-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A model folder as the apps write it; `stringConfig` double-encodes model.json like the news app. */
function modelFolder(name: string, stringConfig: boolean) {
  const model = new RNNClassifier({
    vocabSize: 12,
    embeddingDim: 4,
    hiddenSize: 3,
    numClasses: 2,
    cell: 'gru',
    paddingIdx: 0,
  });
  const dir = join(root, name);
  mkdirSync(dir);
  const { config, weights } = saveModel(model);
  writeFileSync(join(dir, 'model.safetensors'), weights);
  const json = JSON.stringify(config);
  writeFileSync(join(dir, 'model.json'), stringConfig ? JSON.stringify(json) : json);
  writeFileSync(join(dir, 'tokenizer.json'), '{"version":"1.0"}');
  return { model: model.eval(), dir };
}

describe('exportModelFolder', () => {
  it('onnx: model.onnx with the tokenizer beside it, the same logits in onnxruntime-node', async () => {
    const { model, dir } = modelFolder('a', true);
    const out = join(root, 'a-onnx');
    const { files, config } = exportModelFolder(dir, out, { metadata: { labels: '["n","p"]' } });
    expect(config.type).toBe('RNNClassifier');
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['model.onnx', 'tokenizer.json']);
    expect(readdirSync(out).sort()).toEqual(['model.onnx', 'tokenizer.json']); // no temp files
    expect(readFileSync(join(out, 'tokenizer.json'), 'utf8')).toBe('{"version":"1.0"}');
    const ids = [
      [3, 4, 5, 6],
      [7, 8, 0, 0],
    ];
    const mask = ids.map((r) => r.map((t) => (t ? 1 : 0)));
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const i64 = BigInt64Array.from(ids.flat(), (v) => BigInt(v));
    const m64 = BigInt64Array.from(mask.flat(), (v) => BigInt(v));
    const res = await session.run({
      input_ids: new ort.Tensor('int64', i64, [2, 4]),
      attention_mask: new ort.Tensor('int64', m64, [2, 4]),
    });
    await session.release();
    expect(compare(res.logits!.data as Float32Array, tfnlpLogits(model, ids, mask)).ok).toBe(true);
    model.dispose();
  });

  it('pytorch: safetensors with the state-dict names, config.json and model.py', () => {
    const { model, dir } = modelFolder('b', false);
    const out = join(root, 'b-pt');
    exportModelFolder(dir, out, { format: 'pytorch' });
    expect(readdirSync(out).sort()).toEqual([
      'config.json',
      'model.py',
      'model.safetensors',
      'tokenizer.json',
    ]);
    const { tensors } = decodeSafetensors(readFileSync(join(out, 'model.safetensors')));
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(model.stateDict()).sort());
    for (const t of Object.values(tensors)) t.dispose();
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual(model.getConfig());
    model.dispose();
  });

  it('a folder without weights is one clear error', () => {
    expect(() => exportModelFolder(join(root, 'missing'), join(root, 'x'))).toThrow(
      /model\.safetensors not found; pass a tfnlp model folder/,
    );
  });
});
