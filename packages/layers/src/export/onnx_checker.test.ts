import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CausalLM } from '../lm/causal_lm.js';
import { BagClassifier } from '../models/bag_classifier.js';
import { RNNClassifier } from '../models/rnn_classifier.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { exportOnnx } from './export_onnx.js';

beforeAll(() => initWasm());

/** A Python with the onnx module: $TFNLP_PYTHON, Debian's /usr/bin/python3 (python3-onnx) or python3. */
function findOnnxPython(): string | null {
  for (const py of [process.env.TFNLP_PYTHON, '/usr/bin/python3', 'python3']) {
    if (py && spawnSync(py, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0) return py;
  }
  return null;
}

const python = findOnnxPython();
if (!python) {
  console.warn(
    'onnx.checker test skipped: no python3 with the onnx module (apt-get install python3-onnx, or set TFNLP_PYTHON).',
  );
}

describe('exportOnnx and onnx.checker', () => {
  it.skipIf(!python)('every model type passes onnx.checker.check_model(full_check=True)', () => {
    const base = { vocabSize: 20, numClasses: 2 };
    const models = [
      new BagClassifier({ ...base, embeddingDim: 4 }),
      new RNNClassifier({
        ...base,
        embeddingDim: 4,
        hiddenSize: 3,
        cell: 'lstm',
        bidirectional: true,
        numLayers: 2,
      }),
      new RNNClassifier({ ...base, embeddingDim: 4, hiddenSize: 3, cell: 'gru', pooling: 'max' }),
      new RNNClassifier({ ...base, embeddingDim: 4, hiddenSize: 3, cell: 'rnn' }),
      new TransformerClassifier({
        ...base,
        maxLength: 8,
        dModel: 4,
        numHeads: 2,
        numLayers: 1,
        normFirst: true,
        pooling: 'tfidf',
        normAfterPooling: true,
        layerScale: 0.1,
        activation: 'gelu',
      }),
      new CausalLM({ vocabSize: 20, maxLength: 8, dModel: 4, numHeads: 2, numLayers: 1 }),
      new CausalLM({
        vocabSize: 20,
        maxLength: 8,
        dModel: 4,
        numHeads: 2,
        numLayers: 1,
        tieWeights: false,
      }),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'tfnlp-onnx-'));
    try {
      const paths = models.map((m, i) => {
        const path = join(dir, `m${i}.onnx`);
        writeFileSync(path, exportOnnx(m.eval()));
        m.dispose();
        return path;
      });
      const script = `
import sys, onnx
for path in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(path), full_check=True)
print("ok", len(sys.argv) - 1)
`;
      const r = spawnSync(python!, ['-c', script, ...paths], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe(`ok ${paths.length}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
