// Runs the README's example as written, in a plain Node process (it imports '@tfnlp/train',
// which resolves to this package's built dist/ through its own "exports").
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('runs as written and learns', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /## Example[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    // In dist/ (ignored by git and Biome), so '@tfnlp/train' resolves to this package itself.
    const file = fileURLToPath(
      new URL(`../dist/readme-example-${process.pid}.mjs`, import.meta.url),
    );
    writeFileSync(file, code!);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 60_000 });
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^epoch 1\/3 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4}/);
      expect(lines.at(-1)).toBe('ok');
    } finally {
      rmSync(file, { force: true });
    }
  });
});
