// Every publishable package's MAIN entry must bundle for the browser without any Node module:
// fs, worker_threads and friends belong behind a `/node` entry. esbuild bundles each built
// main entry for `platform: 'browser'` (so dependencies resolve to their browser builds) and
// records every Node built-in that one of OUR files imports. Third-party files are not judged
// here: tfjs-core and tfjs-backend-wasm guard their own Node paths at run time.
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PUBLISHABLE, ROOT } from './packages.js';

const builtins = new Set(builtinModules);

function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return builtins.has(specifier.split('/')[0] ?? '');
}

/** `node:` imports reachable from `entry`, as "specifier <- importing file" lines. */
async function nodeImportsOf(entry: string): Promise<string[]> {
  const hits: string[] = [];
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-node-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!isNodeBuiltin(args.path)) return undefined;
            const importer = relative(ROOT, args.importer);
            if (!importer.includes('node_modules')) hits.push(`${args.path} <- ${importer}`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return hits;
}

describe('browser bundle of each main entry', () => {
  it('finds the publishable packages', () => {
    expect(PUBLISHABLE.length).toBeGreaterThanOrEqual(5);
  });

  it.each(PUBLISHABLE)(
    '%s: the main entry imports no Node module',
    async (dir) => {
      const hits = await nodeImportsOf(join(ROOT, 'packages', dir, 'dist', 'index.js'));
      expect(hits, 'move these modules behind the package\'s "./node" entry').toEqual([]);
    },
    60_000,
  );
});
