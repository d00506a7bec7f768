// Runs the README's first example exactly as written (needs the package built: `pnpm build`)
// and checks that it prints what its `// ->` comment says. It writes its CSV into its cwd.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

it('the README example runs offline as written and prints what its comment says', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  expect(code).not.toMatch(/imdb|agNews|bbcNews|newsgroups/); // the opener must not download
  const expected = /^\/\/ -> (.*)$/m.exec(code!)?.[1];
  expect(expected).toBeDefined();
  // Inside the package folder, '@tfnlp/datasets' resolves to this package (self-reference).
  const dir = mkdtempSync(join(pkg, '.readme-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), code!);
    const out = execFileSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(out.trim().split('\n').at(-1)).toBe(expected);
    expect(readFileSync(join(dir, 'reviews.csv'), 'utf8')).toMatch(/^text,label\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
