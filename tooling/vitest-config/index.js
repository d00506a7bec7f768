// Shared Vitest preset for every tfnlp package.
//
// Each package has a `vitest.config.ts` that calls `tfnlpProject()`; the root
// `vitest.config.ts` lists them as `test.projects`, so the same files run per package
// (through turbo, cached) or all at once from the root.
import { defineProject } from 'vitest/config';

/**
 * @param {{ name?: string, testTimeout?: number, environment?: 'node', include?: string[] }} [options]
 */
export function tfnlpProject(options = {}) {
  return defineProject({
    test: {
      name: options.name,
      environment: options.environment ?? 'node',
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // WASM compilation and tfjs kernel warm-up take a few seconds on a 2-core machine.
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      // Tests that use tfjs share one engine per file; files still run in parallel.
      pool: 'forks',
      // `test-results.json` feeds tooling/scripts/test-summary.mjs (and is a turbo output,
      // so a cached run still reports its counts).
      reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    },
  });
}
