// Integration: the shipped model on the real IMDB test split (25,000 reviews). Skips, saying
// why, when the archive is absent ($TFNLP_DATA_DIR or ../shared/data beside the repository).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, realImdb, SHIPPED_MODEL } from './helpers.js';

const real = realImdb();
if (!real.present) {
  console.warn(
    `[sentiment] skipping the IMDB integration test: ${real.path} is absent (set TFNLP_DATA_DIR).`,
  );
}

describe.skipIf(!real.present)('shipped model on the real IMDB test split', () => {
  it('scores what its README and training.json say (>= 89 %)', async () => {
    const r = await cli(['eval', '--data', real.path, '--split', 'test', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.examples).toBe(25_000);
    const record = JSON.parse(readFileSync(join(SHIPPED_MODEL, 'training.json'), 'utf8'));
    expect(res.accuracy).toBeCloseTo(record.test.test.accuracy, 10);
    expect(res.accuracy).toBeGreaterThanOrEqual(0.89);
  }, 180_000);
});
