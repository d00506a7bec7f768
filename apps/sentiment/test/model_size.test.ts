// The parameter count computed from the options matches what the layers build.
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHS, buildClassifier } from '../src/model.js';
import { checkTrainable, estimateParameters } from '../src/train/model_size.js';

beforeAll(async () => {
  await initWasm();
});

describe('estimateParameters', () => {
  it('is the built model count (within the Transformer norms) for every architecture', () => {
    const o = { vocabSize: 50, embeddingDim: 8, hiddenSize: 6, dropout: 0, maxLength: 16, seed: 1 };
    for (const arch of ARCHS) {
      const model = buildClassifier(arch, o);
      const actual = model.numParameters();
      model.dispose();
      const estimate = estimateParameters(arch, o);
      expect(estimate, arch).toBeLessThanOrEqual(actual);
      expect(estimate, arch).toBeGreaterThanOrEqual(actual * 0.9);
    }
  });

  it('refuses a model that does not fit the heap before building it', () => {
    const o = {
      vocabSize: 100_000,
      embeddingDim: 2000,
      hiddenSize: 64,
      dropout: 0,
      maxLength: 8,
      seed: 1,
    };
    expect(() => checkTrainable('bag', o)).toThrow(
      /^model too large for the 2 GiB wasm heap: .*--embedding-dim/,
    );
    expect(() => checkTrainable('bag', { ...o, embeddingDim: 16 })).not.toThrow();
  });
});
