// The page: `vite` (dev) and `vite preview` send COOP/COEP, so the page is cross-origin isolated
// and tfjs can use the threaded wasm build. The page's own code is minified (it runs the
// single-threaded SIMD build); the Train tab's worker is not: the threaded build starts its
// pthreads from its factory's source text (`factory.toString()`), which minifying breaks.
import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  logLevel: 'warn',
  server: { headers: isolation },
  preview: { headers: isolation },
  // The Train tab's worker is a module worker (`new Worker(url, { type: 'module' })`).
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  build: { outDir: 'dist/page', minify: true, target: 'es2022', chunkSizeWarningLimit: 10_000 },
});
