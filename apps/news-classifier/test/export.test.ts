// scripts/export.mjs on the shipped news models (TransformerClassifier; bbc: mean pooling,
// 20news: pre-norm, TF-IDF pooling, final norm after pooling): the ONNX file gives the page's
// logits in onnxruntime-node on the example articles tokenized with the exported
// tokenizer.json, for batch 1 and 7 and two lengths; the PyTorch export loads in torch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import type { Tokenizer } from '@tfnlp/tokenizers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIds, loadNewsModel, type NewsModel, newsTokenizer } from '../src/model.js';
import { EXAMPLES } from './examples.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(APP, 'scripts', 'export.mjs');
let dir: string;
beforeAll(async () => {
  await initWasm();
  dir = mkdtempSync(join(tmpdir(), 'tfnlp-news-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runScript(args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

async function shippedModel(id: string): Promise<NewsModel> {
  const folder = join(APP, 'public', 'models', id);
  return loadNewsModel(async (file) => {
    const data = await readFile(join(folder, file));
    return { text: async () => data.toString('utf8'), bytes: async () => new Uint8Array(data) };
  });
}

/** Seven texts: the examples, cycled, each cut at a different word so lengths differ. */
function texts(): string[] {
  return Array.from({ length: 7 }, (_, i) => {
    const words = EXAMPLES[i % EXAMPLES.length]!.text.split(' ');
    return words.slice(0, words.length - 3 * i).join(' ');
  });
}

function batch(tokenizer: Tokenizer, input: string[], maxLength: number) {
  const rows = input.map((t) => Array.from(encodeIds(tokenizer, t, maxLength)));
  const T = Math.max(...rows.map((r) => r.length));
  return {
    ids: rows.map((r) => r.concat(new Array<number>(T - r.length).fill(0))),
    mask: rows.map((r) => r.map(() => 1).concat(new Array<number>(T - r.length).fill(0))),
  };
}

function checkClose(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    expect(d, `logit ${i}`).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(expected[i]!));
    worst = Math.max(worst, d);
  }
  return worst;
}

describe('scripts/export.mjs', () => {
  for (const id of ['bbc', '20news']) {
    it(`${id}: ONNX logits match the page's model on the example articles`, async () => {
      const out = join(dir, id);
      const r = runScript([id, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['info.json', 'model.onnx', 'tokenizer.json']);
      const m = await shippedModel(id);
      const tokenizer = newsTokenizer(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
      const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
      let worst = 0;
      for (const [input, maxLength] of [
        [texts().slice(0, 1), m.info.maxLength],
        [texts(), m.info.maxLength],
        [texts().slice(0, 1), 16],
        [texts(), 16],
      ] as const) {
        const { ids, mask } = batch(tokenizer, input, maxLength);
        const dims = [ids.length, ids[0]!.length];
        const i64 = (rows: number[][]) => BigInt64Array.from(rows.flat(), (v) => BigInt(v));
        const res = await session.run({
          input_ids: new ort.Tensor('int64', i64(ids), dims),
          attention_mask: new ort.Tensor('int64', i64(mask), dims),
        });
        const expected = tf.tidy(
          () =>
            m.model
              .forward(tf.tensor2d(ids, undefined, 'int32'), tf.tensor2d(mask))
              .dataSync() as Float32Array,
        );
        worst = Math.max(worst, checkClose(res.logits!.data as Float32Array, expected));
      }
      await session.release();
      m.model.dispose();
      console.log(`${id} (TransformerClassifier) ONNX max |ORT - tfnlp| ${worst.toExponential(2)}`);
    });
  }

  it('20news: the PyTorch export reproduces the logits in torch (python3-torch)', async () => {
    const out = join(dir, '20news-pt');
    const r = runScript(['20news', '--format', 'pytorch', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const python = ['/usr/bin/python3', 'python3'].find(
      (py) => spawnSync(py, ['-c', 'import torch']).status === 0,
    );
    if (!python) {
      console.warn('torch parity skipped: no python3 with torch (apt-get install python3-torch).');
      return;
    }
    const m = await shippedModel('20news');
    const { ids, mask } = batch(m.tokenizer, texts(), m.info.maxLength);
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
    const expected = tf.tidy(
      () =>
        m.model
          .forward(tf.tensor2d(ids, undefined, 'int32'), tf.tensor2d(mask))
          .dataSync() as Float32Array,
    );
    m.model.dispose();
    const worst = checkClose(JSON.parse(py.stdout) as number[], expected);
    console.log(`20news PyTorch max |torch - tfnlp| ${worst.toExponential(2)}`);
  });

  it('a bad argument is one line on stderr and a non-zero exit', () => {
    const r = runScript(['bbc', '--out', join(dir, 'x'), '--format', 'tflite']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("error: --format must be onnx or pytorch, got 'tflite'.");
    expect(runScript(['no-such-model', '--out', join(dir, 'y')]).status).toBe(2);
  });
});
