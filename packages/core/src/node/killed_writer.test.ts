// A writer killed with SIGKILL in the middle of replacing a model folder leaves the old folder
// intact; cleanStaleTemps tidies up and the next writer succeeds.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { writeFolderAtomic } from './atomic_folder.js';
import { cleanStaleTemps } from './stale_temps.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('a writer killed mid-write leaves the old folder intact', { timeout: 60_000 }, async () => {
  root = mkdtempSync(join(tmpdir(), 'tfnlp-core-killed-'));
  const target = join(root, 'model');
  await writeFolderAtomic(target, {
    'config.json': '{"version":"old"}',
    'model.safetensors': 'weights',
  });

  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./killed_writer_child.mjs', import.meta.url)), target],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_, signal) => resolve(signal)),
  );
  // Kill it as soon as its staging folder holds a file (it writes 512 MB in all).
  let killedAt = '';
  for (let i = 0; i < 2000 && !killedAt; i++) {
    const staged = readdirSync(root).find((n) => n.startsWith('.model.tfnlp-tmp-'));
    if (staged && readdirSync(join(root, staged)).length > 0) {
      child.kill('SIGKILL');
      killedAt = staged;
    } else {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  expect(killedAt).not.toBe('');
  expect(await exited).toBe('SIGKILL');

  // The old folder is as it was (plus the dead writer's lock); the staged folder is left over.
  expect(readdirSync(target).sort()).toEqual(['.lock', 'config.json', 'model.safetensors']);
  expect(readFileSync(join(target, 'config.json'), 'utf8')).toBe('{"version":"old"}');
  expect(existsSync(join(root, killedAt))).toBe(true);

  const report = await cleanStaleTemps(root);
  expect(report.removed).toEqual([join(root, killedAt)]);
  expect((await cleanStaleTemps(target)).removed).toEqual([join(target, '.lock')]);
  expect(readdirSync(root)).toEqual(['model']);

  // The next writer succeeds.
  await writeFolderAtomic(target, { 'config.json': '{"version":"next"}' });
  expect(readdirSync(target)).toEqual(['config.json']);
});
