// What the pack test packs, installs and runs.
//
// Adding a publishable package (e.g. @tfnlp/tokenizers):
//   1. add its folder name under packages/ to PUBLISHABLE below, and the package as a
//      `"@tfnlp/<name>": "workspace:*"` devDependency of tooling/pack-test (so turbo builds it
//      before this test runs);
//   2. open its README with an `npm install ...` line (in a ```sh block) and a ```js example
//      that runs offline;
//   3. add scenarios/<name>.mjs: a plain Node ESM script that imports the installed package,
//      exercises it, throws on failure and prints one JSON line `{ "ok": true, ... }` last.
// The README example and scenarios/<name>.mjs run in a project holding only what the README's
// install line names, so they may import only those packages. Any other scenario (e.g.
// scenarios/pipeline.mjs, which composes them) runs in a project with every tarball.

/** Folders under packages/ that are published to npm. */
export const PUBLISHABLE = [
  'backend-wasm',
  'core',
  'datasets',
  'layers',
  'tokenizers',
  'train',
] as const;

/**
 * Packages whose README is tested from the npm install (the bar of issue 10: install + a short
 * example that runs as written): every publishable package.
 */
export const README_EXAMPLES: ReadonlyArray<(typeof PUBLISHABLE)[number]> = PUBLISHABLE;

/** Installed beside the tarballs in the composed project and the page (the packages' peers). */
export const PEERS = ['@tensorflow/tfjs-core@4.22.0'];

/** The bundler the page scenario is built with. */
export const VITE = 'vite@8.3.8';
