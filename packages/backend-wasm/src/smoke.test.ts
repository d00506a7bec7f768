// Runs scripts/smoke.mjs in a separate, plain Node process against the built dist/,
// so the package is exercised exactly as an npm user's ESM program would load it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/smoke.mjs', import.meta.url));

describe('plain-Node smoke run of the built package', () => {
  it('trains Embedding -> masked mean -> Dense on wasm: loss falls, no tensor leaks', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.backend).toBe('wasm');
    expect(result.lossLast5).toBeLessThan(0.8 * result.lossFirst5);
    expect(result.tensorsAfterStep30).toBe(result.tensorsAfterStep5);
    expect(result.ok).toBe(true);
  });
});
