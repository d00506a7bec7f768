import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from './lock.js';
import { cleanStaleTemps } from './stale_temps.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tfnlp-core-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('acquireLock', () => {
  it('creates the folder and a .lock holding our pid; release removes it', async () => {
    const dir = join(root, 'ckpt');
    const lock = await acquireLock(dir);
    expect(lock.path).toBe(join(dir, '.lock'));
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
    });
    await lock.release();
    await lock.release(); // twice is fine
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a second writer gets a clear error naming the holder', async () => {
    const lock = await acquireLock(root);
    await expect(acquireLock(root)).rejects.toThrow(
      `folder ${root} is being written by pid ${process.pid}; wait or delete ${join(root, '.lock')} if that process is gone.`,
    );
    await lock.release();
    await (await acquireLock(root)).release();
  });

  it('takes over the lock of a dead pid', async () => {
    const dead = deadPid();
    writeFileSync(
      join(root, '.lock'),
      JSON.stringify({ pid: dead, hostname: hostname(), since: '' }),
    );
    const lock = await acquireLock(root);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(root)).toEqual(['.lock']);
    await lock.release();
  });

  it('does not take over a lock from another machine, or a fresh unreadable one', async () => {
    writeFileSync(join(root, '.lock'), JSON.stringify({ pid: deadPid(), hostname: 'elsewhere' }));
    await expect(acquireLock(root)).rejects.toThrow(/being written by pid \d+ on elsewhere;/);
    writeFileSync(join(root, '.lock'), '');
    await expect(acquireLock(root)).rejects.toThrow(/being written by another process;/);
    // An unreadable lock older than 10 s is from a writer killed while creating it.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, '.lock'), old, old);
    await (await acquireLock(root)).release();
  });

  it('release leaves a lock that is no longer ours', async () => {
    const lock = await acquireLock(root);
    writeFileSync(lock.path, JSON.stringify({ pid: process.ppid, hostname: hostname() }));
    await lock.release();
    expect(readdirSync(root)).toEqual(['.lock']);
  });
});

describe('cleanStaleTemps', () => {
  it('removes the temporaries and lock of dead writers, keeps live ones and other files', async () => {
    const dead = deadPid();
    const names = [
      `.model.tfnlp-tmp-${dead}-0a1b`, // a staged folder
      `.a.bin.tfnlp-tmp-${dead}-ffff`, // a file being written
      `.b.bin.tfnlp-tmp-${process.pid}-1234`, // ours, in progress
      '.model.tfnlp-tmp-x-1', // not our pattern
      'model',
    ];
    mkdirSync(join(root, names[0]!));
    writeFileSync(join(root, names[0]!, 'weights'), 'w');
    for (const n of names.slice(1, 4)) writeFileSync(join(root, n), '');
    mkdirSync(join(root, 'model'));
    writeFileSync(join(root, '.lock'), JSON.stringify({ pid: dead, hostname: hostname() }));
    const report = await cleanStaleTemps(root);
    expect(report.removed.sort()).toEqual(
      [join(root, names[0]!), join(root, names[1]!), join(root, '.lock')].sort(),
    );
    expect(report.restored).toEqual([]);
    expect(readdirSync(root).sort()).toEqual([names[2], names[3], 'model'].sort());
  });

  it('puts back an old folder moved aside by a writer killed mid-swap', async () => {
    const dead = deadPid();
    const aside = join(root, `.model.tfnlp-old-${dead}-beef`);
    mkdirSync(aside);
    writeFileSync(join(aside, 'config.json'), 'old');
    expect(await cleanStaleTemps(root)).toEqual({ removed: [], restored: [join(root, 'model')] });
    expect(readFileSync(join(root, 'model', 'config.json'), 'utf8')).toBe('old');
    // When the new folder did arrive, the old one is just deleted.
    mkdirSync(aside);
    expect((await cleanStaleTemps(root)).removed).toEqual([aside]);
  });

  it('a missing folder is nothing to clean', async () => {
    expect(await cleanStaleTemps(join(root, 'none'))).toEqual({ removed: [], restored: [] });
  });
});
