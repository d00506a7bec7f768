// Runs the README's data-parallel example (two files) as written, in a plain Node process;
// '@tfnlp/train' resolves to this package's built dist/ through its own "exports".
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('the README data-parallel example runs as written and learns', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Data-parallel training'));
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].slice(0, 2).map((m) => m[1]!);
  expect(blocks[0]).toContain('// replica.mjs');
  expect(blocks[1]).toContain('// train.mjs');
  // In dist/ (ignored by git), so bare '@tfnlp/train' imports resolve to this package.
  const dir = mkdtempSync(
    join(fileURLToPath(new URL('../../dist/', import.meta.url)), 'readme-dp-'),
  );
  try {
    writeFileSync(join(dir, 'replica.mjs'), blocks[0]!);
    writeFileSync(join(dir, 'train.mjs'), blocks[1]!);
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'train.mjs')], {
      timeout: 60_000,
    });
    expect(stdout.trim()).toBe('ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 70_000);
