// The README's first example must run as written, in plain Node, on the built package.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('runs its first example', async () => {
    const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    // Inside the package folder, so `@tfnlp/backend-wasm` resolves to itself (exports map).
    const dir = mkdtempSync(join(pkg, '.readme-'));
    try {
      const file = join(dir, 'example.mjs');
      writeFileSync(file, example!);
      const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 60_000 });
      expect(stdout).toContain('wasm [ 1000, 16 ]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
