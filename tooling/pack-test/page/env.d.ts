// What Vite gives this page when it bundles it: `?url` imports resolve to the asset's URL.
declare module '*.wasm?url' {
  const url: string;
  export default url;
}

// The scenario's result, read by the Playwright test.
interface Window {
  __tfnlpResult?: unknown;
}
