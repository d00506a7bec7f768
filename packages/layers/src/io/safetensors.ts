/**
 * safetensors <-> tfjs tensors: a thin adapter over the byte codec of `@tfnlp/core` (which owns
 * the format and its checks). Reads every dtype the codec knows: floats (F32, F64, F16, BF16) as
 * float32; integers as int32 (checked to fit, tfjs has no int64); BOOL as bool. Writes float32 and
 * int32 tensors as F32 and I32, or float32 as F16 (`{ float16: true }`: half the bytes, about 3
 * significant digits; read back as float32).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  bfloat16ToFloat,
  type DecodeSafetensorsOptions,
  decodeSafetensors as decodeBytes,
  encodeSafetensors as encodeBytes,
  floatToHalf,
  halfToFloat,
  type SafetensorsEntry,
  type SafetensorsTensor,
  safetensorsArray,
} from '@tfnlp/core';

/** The string-to-string `__metadata__` of a safetensors file. */
export type Metadata = Record<string, string>;

/** Options of `encodeSafetensors`. */
export interface SafetensorsEncodeOptions {
  /** Store float32 tensors as F16 (round to nearest even; beyond +-65504 becomes +-Infinity). */
  float16?: boolean;
}

/** Encodes named tensors (float32 or int32, written in name order) and optional string metadata. */
export function encodeSafetensors(
  tensors: Record<string, tf.Tensor>,
  metadata?: Metadata,
  options: SafetensorsEncodeOptions = {},
): Uint8Array {
  const entries: Array<[string, SafetensorsEntry]> = Object.keys(tensors)
    .sort()
    .map((name) => {
      const t = tensors[name]!;
      if (t.dtype !== 'float32' && t.dtype !== 'int32') {
        throw new Error(
          `encodeSafetensors: tensor '${name}' has dtype ${t.dtype}; only float32 and int32 are written.`,
        );
      }
      const data = t.dataSync() as Float32Array | Int32Array;
      if (t.dtype === 'int32') return [name, { dtype: 'I32', shape: t.shape, data }];
      if (!options.float16) return [name, { dtype: 'F32', shape: t.shape, data }];
      return [name, { dtype: 'F16', shape: t.shape, data: Uint16Array.from(data, floatToHalf) }];
    });
  return encodeBytes(entries, metadata);
}

/** Tensors by name and the metadata of a safetensors file; the caller owns (disposes) the tensors. */
export interface DecodedSafetensors {
  /** Tensors by name (a null-prototype object: names from the file never touch a prototype). */
  tensors: Record<string, tf.Tensor>;
  metadata: Metadata;
}

/**
 * Decodes a safetensors buffer into tfjs tensors (the caller owns and disposes them). The file is
 * checked strictly first (see `@tfnlp/core`'s `decodeSafetensors`; `maxHeaderBytes` caps the header).
 */
export function decodeSafetensors(
  buffer: Uint8Array | ArrayBuffer,
  options: DecodeSafetensorsOptions = {},
): DecodedSafetensors {
  const decoded = decodeBytes(buffer, options);
  const tensors: Record<string, tf.Tensor> = Object.create(null);
  try {
    for (const [name, t] of decoded.tensors) {
      const { values, dtype } = toTfValues(name, t);
      tensors[name] = tf.tensor(values, t.shape, dtype);
    }
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  return { tensors, metadata: decoded.metadata };
}

/** Fresh tfjs-ready values of one decoded tensor (never a view into the file's bytes). */
function toTfValues(
  name: string,
  t: SafetensorsTensor,
): { values: Float32Array | Int32Array; dtype: 'float32' | 'int32' | 'bool' } {
  const raw = safetensorsArray(t);
  switch (t.dtype) {
    case 'F32':
    case 'F64':
      return { values: Float32Array.from(raw as Float32Array | Float64Array), dtype: 'float32' };
    case 'F16':
      return { values: Float32Array.from(raw as Uint16Array, halfToFloat), dtype: 'float32' };
    case 'BF16':
      return { values: Float32Array.from(raw as Uint16Array, bfloat16ToFloat), dtype: 'float32' };
    case 'BOOL':
      return { values: Int32Array.from(raw as Uint8Array), dtype: 'bool' };
    case 'I64':
    case 'U64':
    case 'U32': {
      const values = new Int32Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const v = BigInt(raw[i]!);
        if (v > 2147483647n || v < -2147483648n) {
          throw new Error(
            `decodeSafetensors: '${name}' holds ${t.dtype} ${v}, outside int32 (tfjs has no int64).`,
          );
        }
        values[i] = Number(v);
      }
      return { values, dtype: 'int32' };
    }
    default: // I32, I16, I8, U16, U8: all fit in int32
      return { values: Int32Array.from(raw as Int32Array), dtype: 'int32' };
  }
}
