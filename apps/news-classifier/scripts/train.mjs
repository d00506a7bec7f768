#!/usr/bin/env node
// Trains the page's Transformer news classifier from a recipe and writes its model folder:
//
//   node apps/news-classifier/scripts/train.mjs --recipe apps/news-classifier/recipes/bbc.json [--flag value ...]
//   node apps/news-classifier/scripts/train.mjs 20news [--flag value ...]   (train.mjs defaults)
//
// A thin entry: the typed command is src/node/train_command.ts (compiled by the app's build:
// `pnpm --filter @tfnlp/news-classifier-app build`, or root `pnpm build`); `--help` lists the flags.
import { main } from '../dist/node/train_command.js';

process.exitCode = await main(process.argv.slice(2));
