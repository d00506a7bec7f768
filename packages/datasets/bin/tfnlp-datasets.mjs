#!/usr/bin/env node
// CLI entry (see src/cli.ts). Kept outside dist/ so the bin path is stable.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
