// What the pack test packs, installs and runs.
//
// Adding a publishable package (e.g. @tfnlp/tokenizers):
//   1. add its folder name under packages/ to PUBLISHABLE below, and the package as a
//      `"@tfnlp/<name>": "workspace:*"` devDependency of tooling/pack-test (so turbo builds it
//      before this test runs);
//   2. add scenarios/<name>.mjs: a plain Node ESM script that imports the installed package,
//      exercises it, throws on failure and prints one JSON line `{ "ok": true, ... }` last.
// Every tarball is installed into one consumer project, so a scenario may import any of them
// (scenarios/pipeline.mjs composes datasets, tokenizers, layers, train and backend-wasm).

/** Folders under packages/ that are published to npm. */
export const PUBLISHABLE = ['backend-wasm', 'datasets', 'layers', 'tokenizers', 'train'] as const;

/**
 * Packages whose README is tested from the npm install (the bar of issue 10: install + a short
 * example that runs as written): its install line is installed, alone, into a fresh project
 * (tfnlp packages from their tarballs), then its first ```js block is run with node. Every
 * publishable package; a README whose first example needs the network does not belong here.
 */
export const README_EXAMPLES: ReadonlyArray<(typeof PUBLISHABLE)[number]> = PUBLISHABLE;

/** Installed beside the tarballs in every consumer project (the packages' peers). */
export const PEERS = ['@tensorflow/tfjs-core@4.22.0'];

/** The bundler the page scenario is built with. */
export const VITE = 'vite@8.3.8';
