// The main entry must bundle for a page: dist/index.js and every module it imports, statically or
// with import(), import no Node built-in (`node:*` or a bare builtin like 'fs'). Node-only code
// lives behind '@tfnlp/train/node'.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bexport\s*\*\s*from\s*)['"]([^'"]+)['"]/g;
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Every module file reachable from `entry` (relative imports), with the bare specifiers each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const bare: string[] = [];
    graph.set(file, bare);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!));
      else bare.push(spec!);
    }
  };
  visit(entry);
  return graph;
}

function nodeImports(entry: string): string[] {
  const found: string[] = [];
  for (const [file, specs] of importGraph(entry)) {
    for (const s of specs)
      if (s.startsWith('node:') || builtins.has(s))
        found.push(`${file.slice(dist.length)} imports ${s}`);
  }
  return found;
}

describe('Node/browser boundary', () => {
  it('dist/index.js and everything it imports use no node: module', () => {
    const entry = `${dist}index.js`;
    if (!existsSync(entry))
      throw new Error(`${entry} is missing: build first (pnpm --filter @tfnlp/train build).`);
    const graph = importGraph(entry);
    expect(graph.size).toBeGreaterThan(30); // the scan follows the real graph
    expect(nodeImports(entry)).toEqual([]);
  });

  it('the scan sees static, dynamic and re-export imports (dist/node.js has them)', () => {
    const found = nodeImports(`${dist}node.js`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^callbacks\/jsonl_logger\.js imports node:fs\/promises$/),
        expect.stringMatching(/^checkpoint\/file_storage\.js imports node:fs\/promises$/),
        expect.stringMatching(/^parallel\/data_parallel\.js imports node:worker_threads$/),
      ]),
    );
  });
});
