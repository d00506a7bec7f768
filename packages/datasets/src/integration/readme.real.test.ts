// The README's IMDB example (the first js block under '## IMDB'; the offline opener is
// src/readme.test.ts's) must run as written: extract it, run it with Node against the built
// package (self-reference '@tfnlp/datasets/node'), and check what it prints.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { realFile } from '../../test/data-dir.js';

const PKG = fileURLToPath(new URL('../../', import.meta.url));
const imdbFile = realFile('imdb/aclImdb_v1.tar.gz');
const built = existsSync(join(PKG, 'dist', 'node.js'));

describe.skipIf(!imdbFile.present || !built)(
  `README example on ${imdbFile.label}${built ? '' : ' (dist/ not built: skipped)'}`,
  () => {
    it('runs as written and prints the split sizes', async () => {
      const readme = await readFile(join(PKG, 'README.md'), 'utf8');
      const code = /^## IMDB\n[\s\S]*?```js\n([\s\S]*?)```/m.exec(readme)?.[1];
      expect(code).toBeDefined();
      const dir = await mkdtemp(join(PKG, '.readme-'));
      try {
        const script = join(dir, 'imdb-batches.mjs');
        await writeFile(script, code!);
        const { stdout } = await promisify(execFile)(process.execPath, [script, imdbFile.path], {
          cwd: dir,
        });
        expect(stdout).toContain('22500 train, 2500 validation, vocabulary 20000');
        expect(stdout).toContain('25000 test reviews');
        expect(stdout).toMatch(/^32 \d+ Int32Array\(8\)/m);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      // 180 s: training the word-level tokenizer on 22,500 reviews takes a while on a busy machine.
    }, 180_000);
  },
);
