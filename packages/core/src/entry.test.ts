// The main entry must stay browser-safe: nothing it imports, directly or not, may import a
// node:* module (or any package: core has no dependencies). Walks the import graph of the sources.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm;

function importGraph(entry: string): { files: string[]; external: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const stack = [join(SRC, entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) stack.push(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  }
  return { files: [...seen].map((f) => relative(SRC, f)), external };
}

describe('entry points', () => {
  it("'@tfnlp/core' (index.ts) imports nothing outside itself", () => {
    const { files, external } = importGraph('index.ts');
    expect(files).toEqual(expect.arrayContaining(['rng.ts', 'safetensors.ts', 'format.ts']));
    expect([...external]).toEqual([]);
  });

  it("'@tfnlp/core/node' reaches node:fs (the walk is real) and only node: modules", () => {
    const { external } = importGraph('node.ts');
    expect([...external]).toEqual(expect.arrayContaining(['node:fs/promises', 'node:path']));
    expect([...external].filter((s) => !s.startsWith('node:'))).toEqual([]);
  });

  it('the built entries export the documented API', async () => {
    const main = await import('@tfnlp/core');
    const node = await import('@tfnlp/core/node');
    expect(Object.keys(main).sort()).toEqual(
      [
        'DEFAULT_MAX_HEADER_BYTES',
        'MAX_NAME_LENGTH',
        'Rng',
        'bareNameProblem',
        'SAFETENSORS_DTYPE_BYTES',
        'bfloat16ToFloat',
        'childSeed',
        'decodeSafetensors',
        'encodeSafetensors',
        'floatToHalf',
        'formatBytes',
        'formatDuration',
        'formatRate',
        'halfToFloat',
        'safetensorsArray',
      ].sort(),
    );
    expect(Object.keys(node).sort()).toEqual(
      [
        ...Object.keys(main),
        'LOCK_FILE',
        'acquireLock',
        'assertWritable',
        'cleanStaleTemps',
        'commitFolder',
        'createStagingFolder',
        'safeJoin',
        'writeFileAtomic',
        'writeFolderAtomic',
      ].sort(),
    );
  });
});
