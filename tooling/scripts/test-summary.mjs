#!/usr/bin/env node
// Adds up the Vitest JSON reports of every workspace package (written by the shared
// preset as `<package>/test-results.json`, restored by turbo on a cache hit) and prints
// one plain line: `tests: N passed, N failed[, N skipped]`. Exits 1 if any test failed
// or no report was found.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const groups = ['packages', 'apps', 'tooling'];
// Workspace packages that sit directly under the root rather than in a group.
const singles = ['examples'];

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
const packageDirs = [];
for (const group of groups) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) packageDirs.push(join(dir, name));
}
for (const name of singles) packageDirs.push(join(root, name));
for (const packageDir of packageDirs) {
  const report = join(packageDir, 'test-results.json');
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const p = json.numPassedTests ?? 0;
  const f = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
  const s = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  passed += p;
  failed += f;
  skipped += s;
  rows.push(`  ${relative(root, packageDir).padEnd(28)} ${p} passed, ${f} failed, ${s} skipped`);
}

if (rows.length === 0) {
  console.error(
    'test-summary: no test-results.json found; run `pnpm test` from the repository root.',
  );
  process.exit(1);
}
console.log(rows.join('\n'));
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed > 0 ? 1 : 0);
