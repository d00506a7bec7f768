// Hostile input (issue #18): every malformed file is refused with one line naming the tensor
// and what is wrong, before any byte of tensor data is read.
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from './safetensors.js';

/** A file from header text (or a value to JSON-encode), `dataBytes` bytes of data, and an optional forged length. */
function file(header: unknown, dataBytes = 0, length?: bigint): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

const f32 = (shape: unknown, offsets: unknown, dtype: unknown = 'F32') => ({
  dtype,
  shape,
  data_offsets: offsets,
});

const rows: Array<[string, () => Uint8Array, RegExp, { maxHeaderBytes?: number }?]> = [
  ['empty file', () => new Uint8Array(0), /0 bytes, fewer than the 8-byte header length/],
  ['7 bytes', () => new Uint8Array(7), /7 bytes, fewer than the 8-byte/],
  [
    'header length > file',
    () => file({}, 0, 1000n),
    /header length 1000 exceeds the file \(2 bytes/,
  ],
  [
    'huge header length (2^64 - 1)',
    () => file({}, 0, 2n ** 64n - 1n),
    /header length 18446744073709551615 exceeds the file/,
  ],
  [
    'header over the cap',
    () => file({ a: f32([1], [0, 4]) }, 4),
    /over the cap of 10 bytes \(raise maxHeaderBytes/,
    { maxHeaderBytes: 10 },
  ],
  [
    'not UTF-8',
    () => {
      const bytes = file('{"a":1}');
      bytes[10] = 0xff; // the "a"
      return bytes;
    },
    /the header is not valid UTF-8/,
  ],
  [
    'non-JSON header',
    () => file('{"a": oops}'),
    /the header is not JSON \(.*\); not a safetensors file/,
  ],
  ['binary garbage header', () => file('PK\u0003\u0004'), /the header is not JSON/],
  ['null header', () => file('null'), /header must be a JSON object of tensors, got null/],
  ['array header', () => file('[1,2]'), /header must be a JSON object of tensors, got an array/],
  ['number header', () => file('42'), /got number/],
  ['string header', () => file('"x"'), /got string/],
  [
    'entry is null',
    () => file({ w: null }),
    /tensor "w": expected \{ dtype, shape, data_offsets \}, got null/,
  ],
  [
    'entry is an array',
    () => file({ w: [1] }),
    /tensor "w": expected \{ dtype, shape, data_offsets \}/,
  ],
  [
    'unknown dtype',
    () => file({ w: f32([1], [0, 4], 'Q4') }, 4),
    /tensor "w": unknown dtype "Q4" \(expected F64, F32/,
  ],
  [
    'dtype missing',
    () => file({ w: { shape: [1], data_offsets: [0, 4] } }, 4),
    /tensor "w": unknown dtype undefined/,
  ],
  ['lower-case dtype', () => file({ w: f32([1], [0, 4], 'f32') }, 4), /unknown dtype "f32"/],
  [
    'dtype toString (prototype key)',
    () => file({ w: f32([1], [0, 4], 'toString') }, 4),
    /unknown dtype "toString"/,
  ],
  [
    'negative dim',
    () => file({ w: f32([-1, 4], [0, 0]) }),
    /tensor "w": shape \[-1,4\] is not a list of non-negative integers/,
  ],
  ['fractional dim', () => file({ w: f32([1.5], [0, 6]) }, 6), /tensor "w": shape \[1.5\]/],
  ['string dim', () => file({ w: f32(['2'], [0, 8]) }, 8), /tensor "w": shape \["2"\]/],
  [
    'shape not an array',
    () => file({ w: f32(4, [0, 16]) }, 16),
    /tensor "w": shape 4 is not a list/,
  ],
  [
    'shape overflows',
    () => file({ w: f32([2 ** 30, 2 ** 30, 2 ** 30], [0, 4]) }, 4),
    /tensor "w": shape \[1073741824/,
  ],
  [
    'offsets missing',
    () => file({ w: { dtype: 'F32', shape: [1] } }, 4),
    /tensor "w": data_offsets undefined are not two non-negative integers/,
  ],
  ['one offset', () => file({ w: f32([1], [4]) }, 4), /data_offsets \[4\] are not two/],
  [
    'negative offset',
    () => file({ w: f32([1], [-4, 0]) }, 4),
    /tensor "w": data_offsets \[-4,0\] are not two non-negative integers/,
  ],
  [
    'fractional offset',
    () => file({ w: f32([1], [0, 4.5]) }, 4),
    /data_offsets \[0,4.5\] are not two/,
  ],
  [
    'offset beyond 2^53',
    () => file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,9007199254740996]}}', 4),
    /are not two non-negative integers/,
  ],
  [
    'reversed offsets',
    () => file({ w: f32([1], [4, 0]) }, 4),
    /tensor "w": data_offsets \[4, 0\] are reversed \(begin > end\)/,
  ],
  [
    'offsets outside the buffer',
    () => file({ w: f32([100], [0, 400]) }, 8),
    /tensor "w": data_offsets \[0, 400\] run past the data section \(8 bytes; truncated file\?\)/,
  ],
  [
    'truncated data',
    () => file({ w: f32([2], [0, 8]) }, 4),
    /tensor "w": data_offsets \[0, 8\] run past/,
  ],
  [
    'wrong byte length',
    () => file({ w: f32([3], [0, 8]) }, 8),
    /tensor "w": shape \[3\] F32 needs 12 bytes but data_offsets \[0, 8\] hold 8/,
  ],
  [
    'wrong byte length for I64',
    () => file({ w: f32([2], [0, 8], 'I64') }, 8),
    /shape \[2\] I64 needs 16 bytes/,
  ],
  [
    'overlapping tensors',
    () => file({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, 12),
    /tensor "b": data_offsets \[4, 12\] overlap tensor "a", which ends at 8/,
  ],
  [
    'two tensors on the same bytes',
    () => file({ a: f32([1], [0, 4]), b: f32([1], [0, 4]) }, 4),
    /tensor "b": data_offsets \[0, 4\] overlap tensor "a"/,
  ],
  [
    'gap before the first tensor',
    () => file({ a: f32([1], [4, 8]) }, 8),
    /tensor "a": data_offsets \[4, 8\] leave a gap: bytes \[0, 4\)/,
  ],
  [
    'gap between tensors',
    () => file({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, 12),
    /tensor "b": data_offsets \[8, 12\] leave a gap: bytes \[4, 8\)/,
  ],
  [
    'trailing bytes',
    () => file({ a: f32([1], [0, 4]) }, 12),
    /the data section has 12 bytes but the tensors cover 4/,
  ],
  ['data but no tensors', () => file({}, 4), /has 4 bytes but the tensors cover 0/],
  [
    '__metadata__ null',
    () => file({ __metadata__: null }),
    /__metadata__ must be an object of strings, got null/,
  ],
  [
    '__metadata__ an array',
    () => file({ __metadata__: ['a'] }),
    /__metadata__ must be an object of strings, got an array/,
  ],
  ['__metadata__ a string', () => file({ __metadata__: 'x' }), /got string/],
  [
    '__metadata__ value a number',
    () => file({ __metadata__: { epoch: 3 } }),
    /__metadata__ "epoch" must be a string, got number/,
  ],
  [
    '__metadata__ value an object',
    () => file({ __metadata__: { cfg: {} } }),
    /__metadata__ "cfg" must be a string, got object/,
  ],
  [
    '__proto__ tensor with a bad entry',
    () => file('{"__proto__":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 4),
    /tensor "__proto__": shape \[2\] F32 needs 8 bytes/,
  ],
  [
    'a long hostile name is cut short and stays on one line',
    () => file({ [`evil\n${'x'.repeat(200)}`]: f32([1], [0, 8]) }, 8),
    /^safetensors: tensor "evil\\nx+\.\.\.: shape \[1\] F32 needs 4 bytes/,
  ],
];

describe('decodeSafetensors refuses hostile files', () => {
  it.each(rows)('%s', (_, build, message, options) => {
    let error: unknown;
    try {
      decodeSafetensors(build(), options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).toMatch(/^safetensors: /);
    expect(text).not.toContain('\n'); // one line
  });

  it('still reads the valid files next to those rows', () => {
    const ok = decodeSafetensors(file({ __proto__x: f32([1], [0, 4]), z: f32([0], [4, 4]) }, 4));
    expect([...ok.tensors.keys()]).toEqual(['__proto__x', 'z']);
    const proto = decodeSafetensors(
      file('{"__proto__":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', 2),
    );
    expect(proto.tensors.get('__proto__')?.shape).toEqual([2]);
    expect(({} as { dtype?: string }).dtype).toBeUndefined();
  });
});
