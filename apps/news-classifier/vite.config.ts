// The page: `vite` (dev) and `vite preview` send COOP/COEP, so the page is cross-origin isolated
// and tfjs can use the threaded wasm build. That build needs `minify: false` (its inlined worker
// source must survive bundling).
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
  worker: { format: 'es' },
  build: { outDir: 'dist/page', minify: false, target: 'es2022', chunkSizeWarningLimit: 10_000 },
});
