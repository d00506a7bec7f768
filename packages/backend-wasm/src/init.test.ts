import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initWasm, wasmInfo } from './index.js';

describe('initWasm', () => {
  it('selects wasm with SIMD and reports versions and added kernels', async () => {
    const info = await initWasm();
    expect(tf.getBackend()).toBe('wasm');
    expect(info.backend).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.kernels).toContain('UnsortedSegmentSum');
    expect(info.versions.tfjsCore).toBe(tf.version_core);
    expect(info.versions.tfnlpBackendWasm).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is idempotent: later calls share the first promise', async () => {
    expect(initWasm()).toBe(initWasm());
    expect(await wasmInfo()).toEqual(await initWasm());
  });
});
