/**
 * safetensors (https://github.com/huggingface/safetensors) encoder/decoder, no
 * dependencies: an 8-byte little-endian header length, a JSON header
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {string: string} }`,
 * then the raw little-endian tensor bytes. Reads F32, F16, F64, I32, I64 (as int32,
 * checked), BOOL, U8; writes F32 and I32, or float32 tensors as F16 (`{ float16: true }`: half
 * the bytes, about 3 significant digits; read back as float32).
 */
import * as tf from '@tensorflow/tfjs-core';

/** The string-to-string `__metadata__` of a safetensors file. */
export type Metadata = Record<string, string>;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Options of `encodeSafetensors`. */
export interface SafetensorsEncodeOptions {
  /** Store float32 tensors as F16 (round to nearest even; beyond +-65504 becomes +-Infinity). */
  float16?: boolean;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE 754 half-precision bits nearest to `x` (ties to even), as a 16-bit integer. */
export function floatToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity, NaN
  const e = exp - 112; // the half's biased exponent
  if (e >= 1) {
    // Normal: keep 10 of the 23 mantissa bits; a carry may bump the exponent (up to Infinity).
    let half = (Math.min(e, 31) << 10) | (mant >>> 13);
    if (e >= 31) return sign | 0x7c00;
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
    return sign | half;
  }
  // Subnormal (or zero): the value is (mant | 2^23) * 2^-shift in units of 2^-24.
  const shift = 14 - e;
  if (shift > 24) return sign;
  const full = mant | 0x800000;
  let half = full >>> shift;
  const rest = full & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && half & 1)) half++;
  return sign | half;
}

/** The raw little-endian bytes of a tensor, float32 as F16 when asked. */
function tensorBytes(t: tf.Tensor, float16: boolean): { dtype: string; bytes: Uint8Array } {
  const data = t.dataSync() as Float32Array | Int32Array;
  if (float16 && t.dtype === 'float32') {
    const bytes = new Uint8Array(2 * data.length);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) view.setUint16(2 * i, floatToHalf(data[i]!), true);
    return { dtype: 'F16', bytes };
  }
  return {
    dtype: t.dtype === 'float32' ? 'F32' : 'I32',
    bytes: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  };
}

/** Encodes named tensors (float32 or int32) and optional string metadata. */
export function encodeSafetensors(
  tensors: Record<string, tf.Tensor>,
  metadata?: Metadata,
  options: SafetensorsEncodeOptions = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, HeaderEntry | Metadata> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const name of names) {
    const t = tensors[name]!;
    if (t.dtype !== 'float32' && t.dtype !== 'int32') {
      throw new Error(
        `encodeSafetensors: tensor '${name}' has dtype ${t.dtype}; only float32 and int32 are written.`,
      );
    }
    const { dtype, bytes } = tensorBytes(t, options.float16 ?? false);
    header[name] = {
      dtype,
      shape: t.shape,
      data_offsets: [offset, offset + bytes.length],
    };
    offset += bytes.length;
    chunks.push(bytes);
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (as the Rust writer does).
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

/** Tensors by name and the metadata of a safetensors file; the caller owns (disposes) the tensors. */
export interface DecodedSafetensors {
  tensors: Record<string, tf.Tensor>;
  metadata: Metadata;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Decodes a safetensors buffer into tfjs tensors (the caller owns and disposes them). */
export function decodeSafetensors(buffer: Uint8Array | ArrayBuffer): DecodedSafetensors {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < 8)
    throw new Error('decodeSafetensors: buffer is shorter than the 8-byte header length.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (8 + headerLen > bytes.length) {
    throw new Error(
      `decodeSafetensors: header length ${headerLen} exceeds the buffer (${bytes.length} bytes); is this a safetensors file?`,
    );
  }
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as Record<
    string,
    unknown
  >;
  const dataStart = 8 + headerLen;
  const metadata = (header.__metadata__ ?? {}) as Metadata;
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets } = raw as HeaderEntry;
    const [begin, end] = data_offsets;
    const n = shape.reduce((a, b) => a * b, 1);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    let values: Float32Array | Int32Array;
    let tfDtype: 'float32' | 'int32' | 'bool' = 'float32';
    switch (dtype) {
      case 'F32':
        values = new Float32Array(n);
        for (let i = 0; i < n; i++) values[i] = dv.getFloat32(4 * i, true);
        break;
      case 'F64':
        values = new Float32Array(n);
        for (let i = 0; i < n; i++) values[i] = dv.getFloat64(8 * i, true);
        break;
      case 'F16':
        values = new Float32Array(n);
        for (let i = 0; i < n; i++) values[i] = halfToFloat(dv.getUint16(2 * i, true));
        break;
      case 'I32':
        tfDtype = 'int32';
        values = new Int32Array(n);
        for (let i = 0; i < n; i++) values[i] = dv.getInt32(4 * i, true);
        break;
      case 'I64': {
        tfDtype = 'int32';
        values = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const v = dv.getBigInt64(8 * i, true);
          if (v > 2147483647n || v < -2147483648n) {
            throw new Error(
              `decodeSafetensors: '${name}' holds int64 ${v}, outside int32 (tfjs has no int64).`,
            );
          }
          values[i] = Number(v);
        }
        break;
      }
      case 'BOOL':
      case 'U8':
        tfDtype = dtype === 'BOOL' ? 'bool' : 'int32';
        values = new Int32Array(n);
        for (let i = 0; i < n; i++) values[i] = dv.getUint8(i);
        break;
      default:
        throw new Error(
          `decodeSafetensors: '${name}' has dtype ${dtype}, which is not supported (use F32, F16, F64, I32, I64, BOOL or U8).`,
        );
    }
    tensors[name] = tf.tensor(values, shape, tfDtype);
  }
  return { tensors, metadata };
}
