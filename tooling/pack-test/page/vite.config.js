// The pack test's page project: built with `vite build` from the installed tarballs.
// The threaded wasm build needs `minify: false` (its inlined worker source must survive).
export default {
  logLevel: 'warn',
  build: { minify: false, target: 'es2022', chunkSizeWarningLimit: 10_000 },
};
