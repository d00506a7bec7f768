import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWasm } from '@tfnlp/backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../io/safetensors.js';
import { CausalLM } from '../lm/causal_lm.js';
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
  realRows,
  tfnlpLmLogits,
  tfnlpLogits,
} from '../testing/export_helpers.js';
import { exportPytorch } from './export_pytorch.js';

beforeAll(() => initWasm());

/** A Python with torch: $TFNLP_PYTHON, Debian's /usr/bin/python3 (python3-torch) or python3. */
function findTorchPython(): string | null {
  const candidates = [process.env.TFNLP_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (c): c is string => !!c,
  );
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

const python = findTorchPython();
if (!python) {
  console.warn(
    'exportPytorch parity tests skipped: no python3 with torch (apt-get install python3-torch, or set TFNLP_PYTHON).',
  );
}

/** Runs the exported model.py in `dir` on batches; returns the logits of each. */
function torchLogits(dir: string, batches: { ids: number[][]; mask: number[][] }[]): number[][] {
  writeFileSync(join(dir, 'batches.json'), JSON.stringify(batches));
  const script = `
import json, sys, torch
sys.path.insert(0, ${JSON.stringify(dir)})
import model
torch.set_num_threads(1)
net = model.load(${JSON.stringify(dir)})
out = []
with torch.no_grad():
    for b in json.load(open(${JSON.stringify(join(dir, 'batches.json'))})):
        ids = torch.tensor(b["ids"], dtype=torch.long)
        mask = torch.tensor(b["mask"], dtype=torch.long)
        out.append(net(ids, mask).reshape(-1).tolist())
print(json.dumps(out))
`;
  const r = spawnSync(python!, ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`model.py failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as number[][];
}

const VOCAB = 30;
const base = { vocabSize: VOCAB, numClasses: 3, seed: 5 };
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

const CASES: [string, string, () => Classifier][] = [
  ['bag', 'BagClassifier', () => new BagClassifier({ ...base, embeddingDim: 8 })],
  [
    'bilstm x2 last',
    'RNNClassifier/lstm',
    () => rnn({ cell: 'lstm', bidirectional: true, numLayers: 2 }),
  ],
  ['gru max', 'RNNClassifier/gru', () => rnn({ cell: 'gru', pooling: 'max' })],
  [
    'birnn mean',
    'RNNClassifier/rnn',
    () => rnn({ cell: 'rnn', bidirectional: true, pooling: 'mean' }),
  ],
  ['post-norm mean', 'TransformerClassifier', () => transformer({})],
  [
    'pre-norm tfidf normAfterPooling layerScale gelu',
    'TransformerClassifier',
    () =>
      transformer({
        normFirst: true,
        pooling: 'tfidf',
        normAfterPooling: true,
        finalNormEps: 0.1,
        layerScale: 0.3,
        activation: 'gelu',
        scaleEmbeddings: true,
      }),
  ],
  [
    'pre-norm first learned gelu_tanh',
    'TransformerClassifier',
    () =>
      transformer({
        normFirst: true,
        pooling: 'first',
        positional: 'learned',
        activation: 'gelu_tanh',
      }),
  ],
];

const worst = new Map<string, number>();
afterAll(() => {
  if (worst.size === 0) return;
  console.log(
    `exportPytorch max |torch - tfnlp|: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`,
  );
});

describe('exportPytorch', () => {
  it('writes float32 safetensors under the state-dict names and a config model.py reads', () => {
    const model = transformer({ pooling: 'tfidf' });
    const files = exportPytorch(model);
    const { tensors } = decodeSafetensors(files['model.safetensors']);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(model.stateDict()).sort());
    expect(Object.keys(tensors)).toContain('pooling.idf');
    for (const t of Object.values(tensors)) t.dispose();
    expect(JSON.parse(files['config.json'])).toEqual(model.getConfig());
    expect(files['model.py']).toContain('load_state_dict(');
    model.dispose();
  });

  for (const [label, type, make] of CASES) {
    it.skipIf(!python)(
      `${label}: model.py in torch matches tfnlp (batch 1 and 7, T 5 and 12)`,
      () => {
        const model = make();
        randomize(model, 13);
        model.eval();
        const dir = mkdtempSync(join(tmpdir(), 'tfnlp-pt-'));
        try {
          for (const [name, data] of Object.entries(exportPytorch(model))) {
            writeFileSync(join(dir, name), data);
          }
          const shapes = [
            [1, 5],
            [7, 5],
            [1, 12],
            [7, 12],
          ];
          const batches = shapes.map(([B, T]) => paddedBatch(B! * 10 + T!, B!, T!, VOCAB));
          const got = torchLogits(dir, batches);
          batches.forEach(({ ids, mask }, i) => {
            const { maxAbs, ok } = compare(got[i]!, tfnlpLogits(model, ids, mask));
            worst.set(type, Math.max(worst.get(type) ?? 0, maxAbs));
            expect(ok, `${label} ${shapes[i]}: max |diff| ${maxAbs}`).toBe(true);
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
          model.dispose();
        }
      },
    );
  }

  for (const tieWeights of [true, false]) {
    it.skipIf(!python)(
      `CausalLM (tieWeights ${tieWeights}): model.py in torch matches tfnlp on real positions (batch 1 and 7, T 5 and 12)`,
      () => {
        const model = new CausalLM({
          vocabSize: VOCAB,
          maxLength: 16,
          dModel: 8,
          numHeads: 2,
          numLayers: 2,
          dimFeedforward: 12,
          activation: tieWeights ? 'gelu_tanh' : 'gelu',
          tieWeights,
          seed: 7,
        });
        randomize(model, 19);
        model.eval();
        const dir = mkdtempSync(join(tmpdir(), 'tfnlp-pt-'));
        try {
          const files = exportPytorch(model);
          const names = Object.keys(decodeSafetensors(files['model.safetensors']).tensors);
          expect(names.includes('lm_head.weight')).toBe(!tieWeights);
          for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
          const shapes = [
            [1, 5],
            [7, 5],
            [1, 12],
            [7, 12],
          ];
          const batches = shapes.map(([B, T]) => paddedBatch(B! * 10 + T! + 2, B!, T!, VOCAB));
          const got = torchLogits(dir, batches);
          batches.forEach(({ ids, mask }, i) => {
            const expected = tfnlpLmLogits(model, ids, mask);
            expect(got[i]!.length).toBe(expected.length); // [B, T, vocab]
            const { maxAbs, ok } = compare(
              realRows(got[i]!, mask, VOCAB),
              realRows(expected, mask, VOCAB),
            );
            worst.set('CausalLM', Math.max(worst.get('CausalLM') ?? 0, maxAbs));
            expect(ok, `CausalLM ${shapes[i]}: max |diff| ${maxAbs}`).toBe(true);
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
          model.dispose();
        }
      },
    );
  }
});
