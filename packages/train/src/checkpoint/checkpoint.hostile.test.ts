// Issue #18: hostile checkpoint folders and state. One row per case: the input, and the expected
// error fragment or result.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { decodeSafetensors, encodeSafetensors, safetensorsArray } from '@tfnlp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from '../optimizers/adamw.js';
import { Trainer } from '../trainer.js';
import { fileStorage, LOCK_FILE } from './file_storage.js';
import { LATEST } from './manager.js';
import { safeName } from './safe_name.js';
import { type CheckpointStorage, memoryStorage } from './storage.js';

const tmp = mkdtempSync(join(tmpdir(), 'tfnlp-hostile-'));
beforeAll(async () => {
  await initWasm();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const data = [{ x: new Float32Array([1, -1, 2, -2]), labels: new Int32Array([0, 1, 0, 1]) }];
type Batch = (typeof data)[0];

/** A one-matrix classifier [features 1 -> classes 2] over `storage`; counts forward calls. */
function setup(storage: CheckpointStorage, keep = 3) {
  const w = tf.variable(tf.tensor2d([[0.3, -0.2]]));
  const calls = { forward: 0 };
  const trainer = new Trainer({
    model: { namedParameters: () => [['w', w] as const] },
    forward: (_m, b: Batch) => {
      calls.forward += 1;
      return tf.matMul(tf.tensor2d(b.x, [4, 1]), w); // [4, 2]
    },
    optimizer: new AdamW({ lr: 0.1 }),
    checkpoint: { storage, everySteps: 1, keep },
  });
  return { trainer, w, calls };
}

/** Rewrites a checkpoint's JSON state and/or tensors. */
function tamper(
  bytes: Uint8Array,
  edit: (state: Record<string, unknown>) => void,
  values?: (name: string, v: Float32Array | Int32Array) => void,
): Uint8Array {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const state = JSON.parse(metadata.state!) as Record<string, unknown>;
  edit(state);
  // F32 / I32 views into `bytes` (aligned: the data section starts 8-byte aligned), edited in place.
  for (const [name, t] of tensors) values?.(name, safetensorsArray(t) as Float32Array | Int32Array);
  return encodeSafetensors(tensors, { ...metadata, state: JSON.stringify(state) });
}

/** A memory storage holding a 2-update run's checkpoints (keep 3). */
async function trainedStorage() {
  const storage = memoryStorage();
  const { trainer, w } = setup(storage);
  await trainer.fit(data, { epochs: 2 });
  w.dispose();
  return storage;
}

const progress = (s: Record<string, unknown>) => s.progress as { checkpoints: unknown[] };
const latest = (name: unknown) => new TextEncoder().encode(JSON.stringify({ name, step: 2 }));

describe('safeName: only bare file names inside the folder', () => {
  const rows: Array<[unknown, string | null]> = [
    ['step-00000001.safetensors', null],
    ['latest.json', null],
    ['../escape', 'path separator'],
    ['..', 'parent or current folder'],
    ['.', 'parent or current folder'],
    ['/etc/passwd', 'path separator'],
    ['a/b', 'path separator'],
    ['a\\b', 'path separator'],
    ['C:evil', 'drive letter'],
    ['x\u0000y', 'NUL'],
    ['line\nbreak', 'control character'],
    ['', 'empty'],
    ['x'.repeat(256), 'longer than 255'],
    [42, 'not a string'],
    [null, 'not a string'],
  ];
  it.each(rows)('%j -> %s', (name, problem) => {
    if (problem === null) expect(safeName(name)).toBe(name);
    else expect(() => safeName(name)).toThrow(problem);
  });
});

describe('hostile checkpoint state refused on resume', () => {
  // [case, how the storage is made hostile, expected error fragment]
  const rows: Array<[string, (s: ReturnType<typeof memoryStorage>) => void, string]> = [
    [
      'latest.json names a parent path',
      (s) => s.files.set(LATEST, latest('../../etc/passwd')),
      'the name in latest.json "../../etc/passwd" is not a bare file name',
    ],
    [
      'latest.json names an absolute path',
      (s) => s.files.set(LATEST, latest('/tmp/x.safetensors')),
      'path separator',
    ],
    ['latest.json name is not a string', (s) => s.files.set(LATEST, latest(7)), 'not a string'],
    [
      'latest.json name has NUL',
      (s) => s.files.set(LATEST, latest('step\u0000.safetensors')),
      'NUL',
    ],
    [
      'latest.json is not JSON',
      (s) => s.files.set(LATEST, new TextEncoder().encode('{oops')),
      'latest.json is not valid JSON',
    ],
    [
      'latest.json names a missing file',
      (s) => s.files.set(LATEST, latest('step-00000009.safetensors')),
      'memory:step-00000009.safetensors does not exist',
    ],
    [
      'the checkpoints list holds a parent path',
      (s) => {
        const f = 'step-00000002.safetensors';
        s.files.set(
          f,
          tamper(s.files.get(f)!, (st) => progress(st).checkpoints.push('../victim')),
        );
      },
      'the checkpoint list of step-00000002.safetensors names "../victim" is not a bare file name',
    ],
    [
      'the checkpoints list holds an absolute path',
      (s) => {
        const f = 'step-00000002.safetensors';
        s.files.set(
          f,
          tamper(s.files.get(f)!, (st) => progress(st).checkpoints.unshift('/home/u/.ssh/id_rsa')),
        );
      },
      'path separator',
    ],
    [
      'the checkpoints list is not a list',
      (s) => {
        const f = 'step-00000002.safetensors';
        s.files.set(
          f,
          tamper(s.files.get(f)!, (st) => void (progress(st).checkpoints = 'x' as never)),
        );
      },
      'has no checkpoint list (corrupt)',
    ],
    [
      'non-finite weights: names the last finite checkpoint',
      (s) => {
        const f = 'step-00000002.safetensors';
        s.files.set(
          f,
          tamper(
            s.files.get(f)!,
            () => {},
            (n, v) => void (n === 'model/w' && v.fill(Number.NaN)),
          ),
        );
      },
      "has NaN or infinite values in 'w'; resume from the last finite checkpoint, memory:step-00000001.safetensors",
    ],
    [
      'non-finite weights and no earlier finite checkpoint',
      (s) => {
        for (const f of ['step-00000001.safetensors', 'step-00000002.safetensors']) {
          s.files.set(
            f,
            tamper(
              s.files.get(f)!,
              () => {},
              (n, v) => void (n === 'model/w' && v.fill(Number.POSITIVE_INFINITY)),
            ),
          );
        }
      },
      'no earlier finite checkpoint is listed',
    ],
  ];
  it.each(rows)('%s', async (_case, makeHostile, fragment) => {
    const storage = await trainedStorage();
    makeHostile(storage);
    const { trainer, w, calls } = setup(storage);
    await expect(trainer.fit(data, { epochs: 3, resume: true })).rejects.toThrow(fragment);
    expect(calls.forward).toBe(0); // refused before any training
    w.dispose();
  });

  it('resume(name) with a path is refused', async () => {
    const { trainer, w } = setup(await trainedStorage());
    await expect(trainer.resume('../step-00000001.safetensors')).rejects.toThrow('path separator');
    w.dispose();
  });

  it("'__proto__' and 'constructor' keys in the state stay plain keys (no prototype pollution)", async () => {
    const storage = await trainedStorage();
    const f = 'step-00000002.safetensors';
    const hostile = tamper(storage.files.get(f)!, (st) => {
      st.callbacks = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"x": 1}}');
    });
    storage.files.set(f, hostile);
    const received: unknown[] = [];
    const { trainer, w } = setup(storage);
    trainer.callbacks.push({ name: 'toString', setState: (s) => received.push(s) });
    await trainer.resume();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(received).toEqual([]); // 'toString' is inherited, not saved: not restored
    w.dispose();
  });
});

describe('rotation, write order, lock, stale temporaries, writability (file storage)', () => {
  it('rotation deletes only our own step-*.safetensors names, never a listed foreign file', async () => {
    const dir = join(tmp, 'rotation');
    mkdirSync(dir, { recursive: true });
    const first = setup(fileStorage(dir), 1);
    await first.trainer.fit(data, { epochs: 1 });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const f = join(dir, 'step-00000001.safetensors');
    const bytes = new Uint8Array(readFileSync(f));
    writeFileSync(
      f,
      tamper(bytes, (st) => progress(st).checkpoints.unshift('notes.txt', 'latest.json')),
    );
    const second = setup(fileStorage(dir), 1);
    await second.trainer.fit(data, { epochs: 3, resume: true });
    expect(readdirSync(dir).sort()).toEqual([
      'latest.json',
      'notes.txt',
      'step-00000003.safetensors',
    ]);
    first.w.dispose();
    second.w.dispose();
  });

  it('writes the checkpoint, then latest.json, then deletes old ones (atomic: temp + rename)', async () => {
    const inner = memoryStorage();
    const ops: string[] = [];
    const storage: CheckpointStorage = {
      ...inner,
      write: (n, b) => {
        ops.push(`write ${n}`);
        return inner.write(n, b);
      },
      remove: (n) => {
        ops.push(`remove ${n}`);
        return inner.remove(n);
      },
    };
    const { trainer, w } = setup(storage, 1);
    await trainer.fit(data, { epochs: 1 }); // update 1: its step checkpoint, then the epoch's (same name)
    await trainer.fit(data, { epochs: 2, maxSteps: 2 });
    expect(ops).toEqual([
      'write step-00000001.safetensors',
      'write latest.json',
      'write step-00000001.safetensors',
      'write latest.json',
      'write step-00000002.safetensors',
      'write latest.json',
      'remove step-00000001.safetensors',
    ]);
    w.dispose();
  });

  it('a second writer in the same folder gets a clear error; the lock is released at the end', async () => {
    const dir = join(tmp, 'locked');
    const a = fileStorage(dir);
    const release = await a.open!();
    const { trainer, w, calls } = setup(fileStorage(dir));
    await expect(trainer.fit(data, { epochs: 1 })).rejects.toThrow(
      `checkpoint: folder ${dir} is being written by pid ${process.pid}; wait or delete`,
    );
    expect(calls.forward).toBe(0);
    await release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    await trainer.fit(data, { epochs: 1 });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    w.dispose();
  });

  it('a lock left by a killed process is taken over; stale temporaries are removed, other files kept', async () => {
    const dir = join(tmp, 'stale');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its pid is free
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, hostname: hostname() }));
    writeFileSync(join(dir, `.step-00000001.safetensors.tfnlp-tmp-${dead}-deadbeef`), 'half');
    writeFileSync(join(dir, `.latest.json.tfnlp-tmp-${dead}-0a1b`), 'half');
    writeFileSync(join(dir, 'keep.tmp'), 'not ours');
    const { trainer, w } = setup(fileStorage(dir));
    await trainer.fit(data, { epochs: 1 });
    expect(readdirSync(dir).sort()).toEqual([
      'keep.tmp',
      'latest.json',
      'step-00000001.safetensors',
    ]);
    w.dispose();
  });

  it('an unwritable checkpoint folder fails when fit starts, before any training', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    const { trainer, w, calls } = setup(fileStorage(join(file, 'ckpt')));
    await expect(trainer.fit(data, { epochs: 1 })).rejects.toThrow(
      `checkpoint: folder ${join(file, 'ckpt')} is not writable (ENOTDIR); choose another output folder`,
    );
    expect(calls.forward).toBe(0);
    w.dispose();
  });

  it('fileStorage refuses names that leave its folder', async () => {
    const s = fileStorage(join(tmp, 'names'));
    await expect(s.write('../escape.bin', Uint8Array.of(1))).rejects.toThrow('path separator');
    await expect(s.read('/etc/passwd')).rejects.toThrow('path separator');
    await expect(s.remove('..')).rejects.toThrow('".." names a folder');
    expect(existsSync(join(tmp, 'escape.bin'))).toBe(false);
  });
});
