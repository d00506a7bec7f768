// Pack-test scenario: @tfnlp/core installed from its tarball with npm, in plain Node ESM.
// The RNG continues exactly from a saved state, a safetensors file round-trips (and a hostile
// one is refused), and /node writes a model folder as a unit under its lock.
// Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeSafetensors,
  encodeSafetensors,
  formatBytes,
  formatDuration,
  Rng,
  safetensorsArray,
} from '@tfnlp/core';
import { acquireLock, cleanStaleTemps, safeJoin, writeFolderAtomic } from '@tfnlp/core/node';

// RNG: state round trip through JSON.
const rng = new Rng(42);
rng.shuffle([1, 2, 3, 4]);
const saved = JSON.stringify(rng.getState());
const next = [rng.nextUint32(), rng.random(), rng.int(10)];
const again = new Rng(JSON.parse(saved));
assert.deepEqual([again.nextUint32(), again.random(), again.int(10)], next);

// Safetensors: round trip, names that are prototype keys, a hostile header.
const weights = encodeSafetensors(
  new Map([
    ['__proto__', { dtype: 'F32', shape: [2], data: Float32Array.of(1.5, -2) }],
    ['ids', { dtype: 'I32', shape: [1], data: Int32Array.of(7) }],
  ]),
  { format: 'pt' },
);
const { tensors, metadata } = decodeSafetensors(weights);
const proto = tensors.get('__proto__');
assert.ok(proto, 'the tensor named __proto__ is missing');
assert.deepEqual([...safetensorsArray(proto)], [1.5, -2]);
assert.equal(metadata.format, 'pt');
const hostile = weights.slice();
new DataView(hostile.buffer).setBigUint64(0, 2n ** 40n, true);
assert.throws(() => decodeSafetensors(hostile), /header length 1099511627776 exceeds the file/);

// /node: a folder written as a unit, a second writer refused, names from files checked.
const root = mkdtempSync(join(tmpdir(), 'tfnlp-core-scenario-'));
try {
  const model = join(root, 'model');
  await writeFolderAtomic(model, { 'model.safetensors': weights, 'config.json': '{"v":1}' });
  await writeFolderAtomic(model, { 'model.safetensors': weights, 'config.json': '{"v":2}' });
  assert.deepEqual(readdirSync(model).sort(), ['config.json', 'model.safetensors']);
  assert.equal(readFileSync(join(model, 'config.json'), 'utf8'), '{"v":2}');
  const lock = await acquireLock(model);
  await assert.rejects(
    writeFolderAtomic(model, { a: 'x' }),
    /is being written by pid \d+; wait or delete/,
  );
  await lock.release();
  assert.throws(() => safeJoin(model, '../escape'), /is not a bare file name/);
  assert.deepEqual(await cleanStaleTemps(root), { removed: [], restored: [] });
} finally {
  rmSync(root, { recursive: true, force: true });
}

console.log(
  JSON.stringify({
    ok: true,
    next,
    bytes: formatBytes(weights.length),
    took: formatDuration(process.uptime()),
  }),
);
