import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '@tfnlp/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStorage } from './file_storage.js';
import { decodeState, encodeState } from './state_codec.js';
import { fromSafetensorsTensor, type TensorData, toSafetensorsEntry } from './tensor_data.js';

const tmp = mkdtempSync(join(tmpdir(), 'tfnlp-ckpt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('checkpoint tensors on the safetensors codec of @tfnlp/core', () => {
  it('round-trips float32 / int32 tensors as F32 / I32; header as in the spec', () => {
    const tensors = new Map<string, TensorData>([
      ['a', { dtype: 'float32', shape: [2, 3], values: Float32Array.of(1, 2, 3, 4, 5, -0.5) }],
      ['b/c', { dtype: 'int32', shape: [2], values: Int32Array.of(-7, 9) }],
      ['empty', { dtype: 'float32', shape: [0], values: new Float32Array(0) }],
    ]);
    const entries = [...tensors].map(([name, t]) => [name, toSafetensorsEntry(t)] as const);
    const bytes = encodeSafetensors(entries, { format: 'x', note: 'hi' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['b/c']).toEqual({ dtype: 'I32', shape: [2], data_offsets: [24, 32] });
    expect(bytes.length).toBe(8 + n + 32);
    const back = decodeSafetensors(bytes);
    expect({ ...back.metadata }).toEqual({ format: 'x', note: 'hi' });
    const values = new Map([...back.tensors].map(([k, t]) => [k, fromSafetensorsTensor(k, t)]));
    expect(values).toEqual(tensors);
    bytes.fill(0, 8 + n); // the values are copies: they outlive the file's bytes
    expect(values.get('a')!.values[4]).toBe(5);
  });

  it('refuses a dtype a trainer checkpoint never holds', () => {
    const bytes = encodeSafetensors([
      ['h', { dtype: 'F16', shape: [1], data: new Uint16Array(1) }],
    ]);
    const t = decodeSafetensors(bytes).tensors.get('h')!;
    expect(() => fromSafetensorsTensor('h', t)).toThrow("tensor 'h' has dtype F16");
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
