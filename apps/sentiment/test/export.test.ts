// `tfnlp-sentiment export` on the shipped model (the BUILT CLI, as a user runs it): the ONNX
// file gives tfnlp's logits in onnxruntime-node on reviews tokenized with the shipped
// tokenizer.json; the PyTorch files give them in torch (when Debian's python3-torch is there).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { type Tokenizer, tokenizerFromString } from '@tfnlp/tokenizers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeText, type LoadedModel, loadModelDir } from '../src/model.js';
import { cli, SHIPPED_MODEL } from './helpers.js';

// The README's example first, then reviews of other lengths.
const REVIEWS = [
  'A wonderful, moving film. The cast is superb and I loved every minute.',
  'Dull and far too long; I walked out.',
  'The plot was thin, but the acting saved it.',
  'Terrible. Just terrible.',
  'I expected more from this director, whose earlier films I adored; the script meanders, the jokes fall flat and the ending is rushed.',
  'Great!',
  'Not bad at all, and the music is lovely.',
];

let dir: string;
let shipped: LoadedModel;
beforeAll(async () => {
  await initWasm();
  dir = mkdtempSync(join(tmpdir(), 'tfnlp-sentiment-export-'));
  shipped = loadModelDir(SHIPPED_MODEL);
});
afterAll(() => {
  shipped?.model.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Right-padded ids and mask of `texts` (the tokenizer of the export folder), at most `maxLength` tokens. */
function encode(tokenizer: Tokenizer, texts: string[], maxLength: number) {
  const rows = texts.map((t) => Array.from(encodeText(tokenizer, t, maxLength)));
  const T = Math.max(...rows.map((r) => r.length));
  return {
    ids: rows.map((r) => [...r, ...new Array<number>(T - r.length).fill(0)]),
    mask: rows.map((r) => r.map(() => 1).concat(new Array<number>(T - r.length).fill(0))),
  };
}

function tfnlpLogits(ids: number[][], mask: number[][]): Float32Array {
  return tf.tidy(
    () =>
      shipped.model
        .forward(tf.tensor2d(ids, undefined, 'int32'), tf.tensor2d(mask))
        .dataSync() as Float32Array,
  );
}

function maxAbsDiff(a: ArrayLike<number>, e: ArrayLike<number>): number {
  expect(a.length).toBe(e.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - e[i]!);
    expect(d, `logit ${i}: ${a[i]} vs ${e[i]}`).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(e[i]!));
    worst = Math.max(worst, d);
  }
  return worst;
}

describe('tfnlp-sentiment export', () => {
  it('--format onnx: onnxruntime-node gives the tfnlp logits (batch 1 and 7, two lengths)', async () => {
    const out = join(dir, 'onnx');
    const r = await cli(['export', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['model.onnx', 'tokenizer.json', 'training.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
      expect(r.stdout).toContain(join(out, f));
    }
    const tokenizer = tokenizerFromString(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    let worst = 0;
    for (const [texts, maxLength] of [
      [REVIEWS.slice(0, 1), 1200],
      [REVIEWS, 1200],
      [REVIEWS.slice(4, 5), 9],
      [REVIEWS, 9],
    ] as const) {
      const { ids, mask } = encode(tokenizer, [...texts], maxLength);
      const dims = [ids.length, ids[0]!.length];
      const i64 = (rows: number[][]) => BigInt64Array.from(rows.flat(), (v) => BigInt(v));
      const res = await session.run({
        input_ids: new ort.Tensor('int64', i64(ids), dims),
        attention_mask: new ort.Tensor('int64', i64(mask), dims),
      });
      worst = Math.max(worst, maxAbsDiff(res.logits!.data as Float32Array, tfnlpLogits(ids, mask)));
      if (texts.length === 1 && maxLength === 1200) {
        // The README's example is positive.
        const [neg, pos] = res.logits!.data as Float32Array;
        expect(pos!).toBeGreaterThan(neg!);
      }
    }
    await session.release();
    console.log(`sentiment (BagClassifier) ONNX max |ORT - tfnlp| ${worst.toExponential(2)}`);
  });

  it('--format pytorch: model.py loads the weights strictly and gives the tfnlp logits', async () => {
    const out = join(dir, 'pytorch');
    const r = await cli(['export', '--format', 'pytorch', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['model.safetensors', 'config.json', 'model.py', 'tokenizer.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const python = ['/usr/bin/python3', 'python3'].find(
      (py) => spawnSync(py, ['-c', 'import torch']).status === 0,
    );
    if (!python) {
      console.warn('torch parity skipped: no python3 with torch (apt-get install python3-torch).');
      return;
    }
    const tokenizer = tokenizerFromString(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    const { ids, mask } = encode(tokenizer, REVIEWS, 1200);
    const script = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
import model
net = model.load(sys.argv[1])
ids, mask = json.loads(sys.stdin.read())
with torch.no_grad():
    print(json.dumps(net(torch.tensor(ids), torch.tensor(mask)).reshape(-1).tolist()))
`;
    const py = spawnSync(python, ['-c', script, out], {
      input: JSON.stringify([ids, mask]),
      encoding: 'utf8',
    });
    expect(py.stderr).toBe('');
    const worst = maxAbsDiff(JSON.parse(py.stdout) as number[], tfnlpLogits(ids, mask));
    console.log(`sentiment (BagClassifier) PyTorch max |torch - tfnlp| ${worst.toExponential(2)}`);
  });

  it('usage errors: no --out, unknown --format', async () => {
    expect((await cli(['export'])).code).toBe(1);
    const bad = await cli(['export', '--out', join(dir, 'x'), '--format', 'tflite']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--format must be onnx or pytorch/);
  });
});
