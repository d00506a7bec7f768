// The trainer's plain-data tensors and their safetensors entries. The byte format itself is
// `@tfnlp/core`'s codec; this file only maps train's float32 / int32 values onto F32 / I32.
import { type SafetensorsEntry, type SafetensorsTensor, safetensorsArray } from '@tfnlp/core';

/** One tensor as plain data: dtype, shape and row-major values. */
export type TensorData =
  | { dtype: 'float32'; shape: number[]; values: Float32Array }
  | { dtype: 'int32'; shape: number[]; values: Int32Array };

/** The safetensors entry of `t` (F32 or I32; the values are not copied). */
export function toSafetensorsEntry(t: TensorData): SafetensorsEntry {
  return { dtype: t.dtype === 'float32' ? 'F32' : 'I32', shape: t.shape, data: t.values };
}

/**
 * A decoded safetensors tensor as `TensorData` (a copy, so it outlives the file's bytes); throws
 * for any dtype but F32 and I32, the only ones a trainer checkpoint holds.
 */
export function fromSafetensorsTensor(name: string, t: SafetensorsTensor): TensorData {
  if (t.dtype === 'F32') {
    return {
      dtype: 'float32',
      shape: t.shape,
      values: Float32Array.from(safetensorsArray(t) as Float32Array),
    };
  }
  if (t.dtype === 'I32') {
    return {
      dtype: 'int32',
      shape: t.shape,
      values: Int32Array.from(safetensorsArray(t) as Int32Array),
    };
  }
  throw new Error(
    `checkpoint: tensor '${name}' has dtype ${t.dtype}; a @tfnlp/train checkpoint holds only F32 and I32 (not a trainer checkpoint?).`,
  );
}
