// Runs every package's tests in one Vitest process: `pnpm vitest run` from the root.
// The README's test command goes through turbo instead (per package, cached).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/pack-test', 'examples'],
  },
});
