// Kill-and-resume: a training process (scripts/resume_child.mjs, on the built dist/) is killed
// with SIGKILL right after writing the checkpoint of update k; another process resumes from the
// checkpoint folder. Its final weights must be bit-identical to an uninterrupted run's.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/resume_child.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'tfnlp-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function child(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const proc = execFile(
      process.execPath,
      [script, ...args],
      { timeout: 120_000 },
      (_e, _o, stderr) => resolve({ code: proc.exitCode, signal: proc.signalCode, stderr }),
    );
  });
}

describe('kill-and-resume in separate processes', () => {
  it('a run killed after update 7 and resumed ends bit-identical to an uninterrupted run', async () => {
    if (!existsSync(dist)) {
      throw new Error(`${dist} is missing: build first (pnpm --filter @tfnlp/train build).`);
    }
    const full = await child(['--dir', join(tmp, 'full'), '--out', join(tmp, 'full.json')]);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);

    const dir = join(tmp, 'killed');
    const killed = await child(['--dir', dir, '--kill-after', '7']);
    expect(killed.signal).toBe('SIGKILL');
    const latest = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
    expect(latest).toMatchObject({ name: 'step-00000007.safetensors', step: 7 });
    // Atomic writes: no temporary files left behind, only the kept checkpoints (and the lock of
    // the killed writer, which the resumed run takes over).
    expect(readdirSync(dir).sort()).toEqual([
      '.lock',
      'latest.json',
      'step-00000006.safetensors',
      'step-00000007.safetensors',
    ]);

    const resumed = await child(['--dir', dir, '--resume', '--out', join(tmp, 'resumed.json')]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    const a = JSON.parse(readFileSync(join(tmp, 'full.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(tmp, 'resumed.json'), 'utf8'));
    expect(a.step).toBe(12);
    expect(b.step).toBe(12);
    expect(b.weights).toEqual(a.weights); // base64 of the float32 bytes: bit-for-bit
    expect(b.history).toEqual(a.history);
  });

  it('killed at the end of epoch 1 (its batches consumed, validation and epoch end not yet run)', async () => {
    // Update 4 is the last of epoch 1: its step checkpoint is written before the epoch ends.
    // Compared with full.json, written by the previous test (tests in a file run in order).
    const dir = join(tmp, 'killed-at-epoch-end');
    const killed = await child(['--dir', dir, '--kill-after', '4']);
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await child(['--dir', dir, '--resume', '--out', join(tmp, 'resumed4.json')]);
    expect(resumed.stderr).toBe('');
    const a = JSON.parse(readFileSync(join(tmp, 'full.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(tmp, 'resumed4.json'), 'utf8'));
    expect(b.weights).toEqual(a.weights);
    expect(b.history).toEqual(a.history);
  });
});
