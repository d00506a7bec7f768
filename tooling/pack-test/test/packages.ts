// What the pack test packs, installs and runs.
//
// Adding a publishable package (e.g. @tfnlp/tokenizers):
//   1. add its folder name under packages/ to PUBLISHABLE below, and the package as a
//      `"@tfnlp/<name>": "workspace:*"` devDependency of tooling/pack-test (so turbo builds it
//      before this test runs);
//   2. add scenarios/<name>.mjs: a plain Node ESM script that imports the installed package,
//      exercises it, throws on failure and prints one JSON line `{ "ok": true, ... }` last.
// Every tarball is installed into one consumer project, so a scenario may import any of them
// (scenarios/pipeline.mjs composes datasets, layers, train and backend-wasm).
// TODO(tokenizers): use @tfnlp/tokenizers in scenarios/pipeline.mjs (its own scenario exists).

/** Folders under packages/ that are published to npm. */
export const PUBLISHABLE = ['backend-wasm', 'datasets', 'layers', 'tokenizers', 'train'] as const;

/**
 * Packages whose README's first ```js block runs as written from the npm install (the bar of
 * issue 10: install + a short example that runs). Leave out a package whose example needs
 * data from the network: datasets' first example downloads IMDB (84 MB), so datasets is
 * covered by scenarios/datasets.mjs and scenarios/pipeline.mjs instead.
 */
export const README_EXAMPLES: ReadonlyArray<(typeof PUBLISHABLE)[number]> = [
  'backend-wasm',
  'layers',
  'tokenizers',
  'train',
];

/** Installed beside the tarballs in every consumer project (the packages' peers). */
export const PEERS = ['@tensorflow/tfjs-core@4.22.0'];

/** The bundler the page scenario is built with. */
export const VITE = 'vite@8.3.8';
