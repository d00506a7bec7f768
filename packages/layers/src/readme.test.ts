// Runs the README's example exactly as written (needs the package built: `pnpm build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

it('README example runs and trains the two examples apart', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  // Inside the package directory, '@tfnlp/layers' resolves to this package (self-reference).
  const dir = mkdtempSync(join(pkg, '.readme-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), code!);
    const out = execFileSync(process.execPath, [join(dir, 'example.mjs')], {
      cwd: pkg,
      encoding: 'utf8',
    });
    const probs = JSON.parse(out.trim().split('\n').pop()!) as number[][];
    expect(probs[0]![1]).toBeGreaterThan(0.9);
    expect(probs[1]![0]).toBeGreaterThan(0.9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
