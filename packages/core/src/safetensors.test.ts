import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  SAFETENSORS_DTYPE_BYTES,
  type SafetensorsEntry,
  safetensorsArray,
} from './safetensors.js';

const headerOf = (bytes: Uint8Array) => {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + n));
};

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips every dtype, shapes, metadata and the order of the tensors', () => {
    const entries = new Map<string, SafetensorsEntry>([
      ['w', { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6.5) }],
      ['ids', { dtype: 'I32', shape: [3], data: Int32Array.of(-1, 0, 2 ** 31 - 1) }],
      ['big', { dtype: 'I64', shape: [2], data: BigInt64Array.of(-5n, 2n ** 40n) }],
      ['d', { dtype: 'F64', shape: [1], data: Float64Array.of(Math.PI) }],
      ['h', { dtype: 'F16', shape: [1], data: Uint16Array.of(0x3c00) }],
      ['mask', { dtype: 'BOOL', shape: [2, 1], data: Uint8Array.of(1, 0) }],
      ['scalar', { dtype: 'U8', shape: [], data: Uint8Array.of(7) }],
      ['empty', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) }],
    ]);
    const bytes = encodeSafetensors(entries, { format: 'pt', note: 'héllo' });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect([...tensors.keys()]).toEqual([...entries.keys()]);
    expect({ ...metadata }).toEqual({ format: 'pt', note: 'héllo' });
    for (const [name, e] of entries) {
      const t = tensors.get(name)!;
      expect(t.dtype).toBe(e.dtype);
      expect(t.shape).toEqual(e.shape);
      expect([...safetensorsArray(t)]).toEqual([...(e.data as unknown as Iterable<unknown>)]);
    }
    expect(SAFETENSORS_DTYPE_BYTES.BF16).toBe(2);
  });

  it('pads the header with spaces so the data starts 8-byte aligned, like the Rust writer', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde']) {
      const bytes = encodeSafetensors([
        [name, { dtype: 'F32', shape: [1], data: Float32Array.of(1) }],
      ]);
      const header = headerOf(bytes);
      expect((8 + header.length) % 8).toBe(0);
      expect(header).toMatch(/^\{.*\} *$/);
      expect(JSON.parse(header)[name].data_offsets).toEqual([0, 4]);
    }
  });

  it('accepts a plain record and omits __metadata__ unless given', () => {
    const bytes = encodeSafetensors({ x: { dtype: 'I32', shape: [1], data: Int32Array.of(3) } });
    expect(headerOf(bytes)).not.toContain('__metadata__');
    expect(Object.keys(decodeSafetensors(bytes).metadata)).toEqual([]);
    expect(headerOf(encodeSafetensors([], {}))).toMatch(/^\{"__metadata__":\{\}\} *$/);
  });

  it('returns zero-copy views when aligned and copies when not', () => {
    const bytes = encodeSafetensors([
      ['a', { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) }],
      ['b', { dtype: 'U8', shape: [1], data: Uint8Array.of(9) }],
      ['c', { dtype: 'F32', shape: [1], data: Float32Array.of(3) }], // starts at an odd offset
    ]);
    const { tensors } = decodeSafetensors(bytes);
    const a = safetensorsArray(tensors.get('a')!);
    expect(a.buffer).toBe(bytes.buffer);
    const c = safetensorsArray(tensors.get('c')!);
    expect(c.buffer).not.toBe(bytes.buffer);
    expect([...c]).toEqual([3]);
    // A decoded file re-encodes to the same bytes.
    expect(encodeSafetensors(tensors)).toEqual(bytes);
  });

  it('keeps names such as __proto__ and constructor as plain names', () => {
    const bytes = encodeSafetensors(
      [
        ['__proto__', { dtype: 'F32', shape: [1], data: Float32Array.of(1) }],
        ['constructor', { dtype: 'F32', shape: [1], data: Float32Array.of(2) }],
      ],
      JSON.parse('{"__proto__":"x","toString":"y"}'),
    );
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(metadata.toString).toBe('y');
    expect(Object.keys(metadata)).toEqual(['__proto__', 'toString']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses entries it cannot write', () => {
    const f =
      (e: SafetensorsEntry, name = 't') =>
      () =>
        encodeSafetensors([[name, e]]);
    expect(f({ dtype: 'F32', shape: [3], data: new Float32Array(2) })).toThrow(
      /tensor "t": shape \[3\] F32 needs 12 bytes, the data has 8/,
    );
    expect(f({ dtype: 'X' as never, shape: [1], data: new Float32Array(1) })).toThrow(
      /unknown dtype "X"/,
    );
    expect(f({ dtype: 'F32', shape: [-1], data: new Float32Array(1) })).toThrow(/shape \[-1\]/);
    expect(f({ dtype: 'F32', shape: [1], data: new Float32Array(1) }, '__metadata__')).toThrow(
      /reserved/,
    );
    const twice = () =>
      encodeSafetensors([
        ['a', { dtype: 'U8', shape: [], data: new Uint8Array(1) }],
        ['a', { dtype: 'U8', shape: [], data: new Uint8Array(1) }],
      ]);
    expect(twice).toThrow(/"a": the name appears twice/);
    expect(() => encodeSafetensors([], { n: 1 as unknown as string })).toThrow(
      /metadata "n" must be a string/,
    );
  });

  it('reads a file written by another writer (the Python fixture script)', () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('../fixtures/python_written.safetensors', import.meta.url)),
    );
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata.producer).toBe('make_fixtures.py');
    const w = tensors.get('classifier.weight')!;
    expect(w).toMatchObject({ dtype: 'F32', shape: [3, 10] });
    expect(safetensorsArray(w)).toHaveLength(30);
  });

  it('accepts an ArrayBuffer and a Uint8Array that is a window into a larger buffer', () => {
    const bytes = encodeSafetensors([
      ['x', { dtype: 'I32', shape: [2], data: Int32Array.of(4, 5) }],
    ]);
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    const t = decodeSafetensors(big.subarray(3)).tensors.get('x')!;
    expect([...safetensorsArray(t)]).toEqual([4, 5]);
    expect([
      ...safetensorsArray(decodeSafetensors(bytes.slice().buffer).tensors.get('x')!),
    ]).toEqual([4, 5]);
  });
});
