#!/usr/bin/env node
// CLI entry (see src/cli.ts). Kept outside dist/ so the bin path is stable.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
  process.stderr.write(
    'error: tfnlp-sentiment is not built yet; run `pnpm install && pnpm build` at the repository root\n',
  );
  process.exit(2);
}
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
