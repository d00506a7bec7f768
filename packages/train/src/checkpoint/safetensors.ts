/**
 * The safetensors file format (https://github.com/huggingface/safetensors), enough of it for
 * checkpoints: little-endian u64 header length, a JSON header naming each tensor's dtype, shape
 * and byte range, then the raw data. `__metadata__` holds string-to-string metadata.
 * Files written here load in Python with `safetensors.torch.load_file`.
 */

/** One tensor as plain data: dtype, shape and row-major values. */
export type TensorData =
  | { dtype: 'float32'; shape: number[]; values: Float32Array }
  | { dtype: 'int32'; shape: number[]; values: Int32Array };

const DTYPES = { float32: 'F32', int32: 'I32' } as const;

/** Tensors (F32 / I32) and string metadata -> safetensors file bytes. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, TensorData>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.values.length) {
      throw new Error(
        `safetensors: '${name}' has ${t.values.length} values for shape [${t.shape}].`,
      );
    }
    header[name] = {
      dtype: DTYPES[t.dtype],
      shape: t.shape,
      data_offsets: [offset, offset + t.values.byteLength],
    };
    offset += t.values.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8; // keep the data 8-byte aligned
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors.values()) {
    // Typed arrays are little-endian on every platform tfjs runs on.
    out.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at);
    at += t.values.byteLength;
  }
  return out;
}

/** Safetensors file bytes -> tensors and metadata; throws on a truncated or malformed file. */
export function decodeSafetensors(bytes: Uint8Array): {
  tensors: Map<string, TensorData>;
  metadata: Record<string, string>;
} {
  if (bytes.length < 8)
    throw new Error('safetensors: file too short (truncated or not a checkpoint).');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8) {
    throw new Error('safetensors: header longer than the file (truncated or not a checkpoint).');
  }
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, TensorData>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets } = entry as {
      dtype: string;
      shape: number[];
      data_offsets: [number, number];
    };
    const [begin, end] = data_offsets;
    if (dataStart + end > bytes.length) {
      throw new Error(`safetensors: '${name}' extends past the end of the file (truncated).`);
    }
    // Copy into a fresh, aligned buffer.
    const raw = bytes.slice(dataStart + begin, dataStart + end);
    if (dtype === 'F32') {
      tensors.set(name, { dtype: 'float32', shape, values: new Float32Array(raw.buffer) });
    } else if (dtype === 'I32') {
      tensors.set(name, { dtype: 'int32', shape, values: new Int32Array(raw.buffer) });
    } else {
      throw new Error(`safetensors: '${name}' has dtype ${dtype}; only F32 and I32 are supported.`);
    }
  }
  return { tensors, metadata: header.__metadata__ ?? {} };
}
