// The main entry must stay browser-safe: nothing it imports, directly or not, may import
// node:* or a Node-only package. Walks the import graph of the sources.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm;

function importGraph(entry: string): { files: string[]; external: Map<string, string> } {
  const seen = new Set<string>();
  const external = new Map<string, string>();
  const stack = [join(SRC, entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) stack.push(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.set(spec, relative(SRC, file));
    }
  }
  return { files: [...seen].map((f) => relative(SRC, f)), external };
}

describe('entry points', () => {
  it("'@tfnlp/datasets' (index.ts) imports no node:* module or Node-only package", () => {
    const { files, external } = importGraph('index.ts');
    expect(files.length).toBeGreaterThan(10);
    // @tfnlp/core's main entry is browser-safe (its own entry test checks that); csv-parse's
    // browser build bundles its own Buffer shim, no node:* import.
    const browserSafe = new Set(['@tfnlp/core']);
    expect(Object.fromEntries([...external].filter(([spec]) => !browserSafe.has(spec)))).toEqual({
      'csv-parse/browser/esm/sync': 'tabular/parse.ts',
    });
  });

  it("csv-parse's browser build imports nothing from Node", () => {
    const url = import.meta.resolve('csv-parse/browser/esm/sync');
    const code = readFileSync(fileURLToPath(url), 'utf8');
    expect(code).not.toMatch(/(?:from|import\(|require\()\s*['"](?:node:|fs|stream|buffer)/);
  });

  it("'@tfnlp/datasets/node' does reach the Node-only code (the walk is real)", () => {
    const { external } = importGraph('node.ts');
    expect([...external.keys()]).toEqual(
      expect.arrayContaining(['node:fs', 'tar-stream', 'yauzl', 'csv-parse']),
    );
  });

  it('the built entries export the documented API', async () => {
    const main = await import('./index.js');
    const node = await import('./node.js');
    for (const name of [
      'shuffle',
      'stratifiedSplit',
      'paddedBatches',
      'collate',
      'prefetch',
      'IMDB_CARD',
    ]) {
      expect(main).toHaveProperty(name);
    }
    for (const name of [
      'imdb',
      'agNews',
      'bbcNews',
      'newsgroups',
      'tabular',
      'readArchive',
      'downloadFile',
      'collate',
    ]) {
      expect(node).toHaveProperty(name);
    }
  });
});
