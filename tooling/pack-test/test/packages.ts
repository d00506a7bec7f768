// What the pack test packs, installs and runs.
//
// The publishable packages are DERIVED: every folder under packages/ whose package.json is not
// `"private": true`. Adding one (e.g. @tfnlp/tokenizers):
//   1. list the package as a `"@tfnlp/<name>": "workspace:*"` devDependency of tooling/pack-test
//      (so turbo builds it before this test runs; test/workspace.test.ts checks it);
//   2. open its README with an `npm install ...` line (in a ```sh block) and a ```js example
//      that runs offline;
//   3. add scenarios/<name>.mjs: a plain Node ESM script that imports the installed package,
//      exercises it, throws on failure and prints one JSON line `{ "ok": true, ... }` last.
// The README example and scenarios/<name>.mjs run in a project holding only what the README's
// install line names, so they may import only those packages. Any other scenario (e.g.
// scenarios/pipeline.mjs, which composes them all) runs in a project with every tarball.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (this file is tooling/pack-test/test/packages.ts). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface PackageJson {
  name: string;
  private?: boolean;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(
    readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'),
  ) as PackageJson;
}

/** Folders under packages/ that are published to npm: those whose package.json is not private. */
export const PUBLISHABLE: readonly string[] = readdirSync(join(ROOT, 'packages'), {
  withFileTypes: true,
})
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .filter((dir) => {
    try {
      return readPackageJson(dir).private !== true;
    } catch {
      return false; // a folder without package.json is not a package
    }
  })
  .sort();

/** npm name of a publishable folder (`layers` -> `@tfnlp/layers`). */
export function packageName(dir: string): string {
  return readPackageJson(dir).name;
}

/**
 * Packages whose README is tested from the npm install (the bar of issue 10: install + a short
 * example that runs as written): every publishable package.
 */
export const README_EXAMPLES: readonly string[] = PUBLISHABLE;

/** Installed beside the tarballs in the composed project and the page (the packages' peers). */
export const PEERS = ['@tensorflow/tfjs-core@4.22.0'];

/** The bundler the page scenario is built with. */
export const VITE = 'vite@8.3.8';
