import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

it('the README example runs as written and prints what its comment says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = /## Example\s+```js\n([\s\S]*?)```/.exec(readme)![1]!;
  const logged = /console\.log\(.*\); \/\/ (.*)$/m.exec(code)![1]!;
  // Runs from the package folder so `@tfnlp/core` resolves to this package (self-reference).
  const file = fileURLToPath(new URL(`../readme-example-${process.pid}.tmp.mjs`, import.meta.url));
  writeFileSync(file, code.replace(/console\.log\((.*)\);.*$/m, 'export const out = [$1];'));
  try {
    const { out } = await import(pathToFileURL(file).href);
    const shown = out.map((v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
    expect(shown.join(', ')).toBe(logged);
  } finally {
    rmSync(file, { force: true });
  }
});
