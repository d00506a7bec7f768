// Hostile or damaged lock files: whatever a .lock holds, acquireLock either refuses with its
// one-line message or takes the lock over; it never signals a process group (pid 0 / -1).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from './lock.js';

const here = hostname();
const json = (v: unknown) => JSON.stringify(v);

const rows: Array<[string, string, 'refused' | 'taken over']> = [
  ['empty (writer killed while creating it)', '', 'refused'],
  ['not JSON', 'garbage\n', 'refused'],
  ['JSON null', 'null', 'refused'],
  ['JSON array', '[1, 2]', 'refused'],
  ['pid as a string', json({ pid: '123', hostname: here }), 'refused'],
  ['pid not a safe integer', json({ pid: 1e300, hostname: here }), 'refused'],
  ['no hostname', json({ pid: 123 }), 'refused'],
  ['__proto__ key holding the pid', '{"__proto__":{"pid":1,"hostname":"x"}}', 'refused'],
  ['pid -1 (kill(-1) would signal every process)', json({ pid: -1, hostname: here }), 'taken over'],
  ['pid 0 (kill(0) would signal our group)', json({ pid: 0, hostname: here }), 'taken over'],
  ['pid of no process', json({ pid: 2 ** 31 - 1, hostname: here }), 'taken over'],
  ['live pid on another machine', json({ pid: process.pid, hostname: 'elsewhere' }), 'refused'],
];

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('acquireLock with a hostile .lock', () => {
  it.each(rows)('%s', async (_, content, outcome) => {
    root = mkdtempSync(join(tmpdir(), 'tfnlp-core-lock-hostile-'));
    const path = join(root, '.lock');
    writeFileSync(path, content);
    if (outcome === 'refused') {
      await expect(acquireLock(root)).rejects.toThrow(
        new RegExp(
          `^folder ${root} is being written by .+; wait or delete ${path} if that process is gone\\.$`,
        ),
      );
      expect(readFileSync(path, 'utf8')).toBe(content); // left as it was
    } else {
      const lock = await acquireLock(root);
      expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
      await lock.release();
    }
  });
});
