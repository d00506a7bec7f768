import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStorage } from './file_storage.js';
import { decodeSafetensors, encodeSafetensors, type TensorData } from './safetensors.js';
import { decodeState, encodeState } from './state_codec.js';

const tmp = mkdtempSync(join(tmpdir(), 'tfnlp-ckpt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('safetensors', () => {
  it('round-trips float32 / int32 tensors and metadata; header as in the spec', () => {
    const tensors = new Map<string, TensorData>([
      ['a', { dtype: 'float32', shape: [2, 3], values: Float32Array.of(1, 2, 3, 4, 5, -0.5) }],
      ['b/c', { dtype: 'int32', shape: [2], values: Int32Array.of(-7, 9) }],
      ['empty', { dtype: 'float32', shape: [0], values: new Float32Array(0) }],
    ]);
    const bytes = encodeSafetensors(tensors, { format: 'x', note: 'hi' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['b/c']).toEqual({ dtype: 'I32', shape: [2], data_offsets: [24, 32] });
    expect(bytes.length).toBe(8 + n + 32);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ format: 'x', note: 'hi' });
    expect(back.tensors).toEqual(tensors);
  });

  it('says a truncated file is truncated', () => {
    const bytes = encodeSafetensors(
      new Map([['a', { dtype: 'float32', shape: [4], values: new Float32Array(4) }]]),
    );
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    expect(() => decodeSafetensors(bytes.subarray(0, 4))).toThrow(/too short/);
  });
});

describe('state codec', () => {
  it('moves typed arrays to tensors and back; keeps NaN / Infinity', () => {
    const tensors = new Map<string, TensorData>();
    const state = {
      slots: { w: { m: { shape: [2], values: Float32Array.of(1, 2) } } },
      ids: Int32Array.of(3, 4),
      best: Number.POSITIVE_INFINITY,
      lost: Number.NaN,
      list: [1, 'x', null],
    };
    const json = JSON.parse(JSON.stringify(encodeState(state, 'state', tensors)));
    expect([...tensors.keys()]).toEqual(['state/slots/w/m', 'state/ids']);
    const back = decodeState(json, tensors) as typeof state & { ids: { values: Int32Array } };
    expect(back.slots.w.m.values).toEqual(Float32Array.of(1, 2));
    expect(back.ids).toEqual({ shape: [2], values: Int32Array.of(3, 4) });
    expect(back.best).toBe(Number.POSITIVE_INFINITY);
    expect(back.lost).toBeNaN();
    expect(back.list).toEqual([1, 'x', null]);
  });
});

describe('fileStorage', () => {
  it('writes atomically (temp file + rename), reads, removes; missing is undefined', async () => {
    const dir = join(tmp, 'nested', 'ckpt');
    const storage = fileStorage(dir);
    await storage.write('a.bin', Uint8Array.of(1, 2, 3));
    await storage.write('a.bin', Uint8Array.of(4, 5));
    expect(readdirSync(dir)).toEqual(['a.bin']);
    expect([...readFileSync(join(dir, 'a.bin'))]).toEqual([4, 5]);
    expect(await storage.read('a.bin')).toEqual(Uint8Array.of(4, 5));
    expect(await storage.read('nope')).toBeUndefined();
    await storage.remove('a.bin');
    expect(readdirSync(dir)).toEqual([]);
    expect(storage.resolve('x')).toBe(`${dir}/x`);
  });
});
