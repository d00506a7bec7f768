/**
 * The safetensors format (https://github.com/huggingface/safetensors) at the byte level, no tfjs:
 * an 8-byte little-endian u64 header length N, N bytes of a JSON object header
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: { string: string } }`
 * (padded with spaces, as the Rust writer does, so the data starts 8-byte aligned), then the data
 * section, where each tensor's little-endian bytes sit at [begin, end).
 *
 * Decoding is strict (a file is untrusted input): the header length is bounded by the file and by
 * a cap, the header must be a JSON object, every entry is checked (dtype, shape, offsets, byte
 * length) and the tensors must tile the data section exactly, like the Rust reader demands.
 * Names come back in a `Map`, metadata in a null-prototype object, so a tensor called
 * `__proto__` or `constructor` is just a name.
 */

/** Bytes per element of each safetensors dtype. */
export const SAFETENSORS_DTYPE_BYTES = Object.freeze({
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
} as const);

/** A safetensors dtype name (`'F32'`, `'I64'`, ...). */
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPE_BYTES;

/** The string-to-string `__metadata__` of a file (a null-prototype object when decoded). */
export type SafetensorsMetadata = Record<string, string>;

/** A tensor to encode: its dtype, shape and raw little-endian bytes (any typed array view). */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: readonly number[];
  /** `dtype size x product(shape)` bytes, e.g. a `Float32Array` for F32 or a `Uint16Array` for F16. */
  data: ArrayBufferView;
}

/** A decoded tensor: `data` is a view into the file's bytes (no copy). */
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Uint8Array;
}

/** What `decodeSafetensors` returns. */
export interface DecodedSafetensors {
  /** Tensors by name, in the order of their data. */
  tensors: Map<string, SafetensorsTensor>;
  /** The `__metadata__` strings (empty when the file has none); null prototype. */
  metadata: SafetensorsMetadata;
}

/** Options of `decodeSafetensors`. */
export interface DecodeSafetensorsOptions {
  /** Largest JSON header accepted, in bytes (default `DEFAULT_MAX_HEADER_BYTES`, 100 MB like the Rust reader). */
  maxHeaderBytes?: number;
}

/** The default cap on a header's length: 100 MB, the limit of the Rust `safetensors` crate. */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

const METADATA = '__metadata__';

/**
 * Safetensors file bytes of `entries` (written in the given order) and optional string metadata.
 * Throws on an unknown dtype, a bad shape, or data whose byte length does not match the shape.
 */
export function encodeSafetensors(
  entries:
    | Iterable<readonly [string, SafetensorsEntry]>
    | Readonly<Record<string, SafetensorsEntry>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const list: Array<readonly [string, SafetensorsEntry]> =
    Symbol.iterator in entries
      ? [...(entries as Iterable<readonly [string, SafetensorsEntry]>)]
      : Object.entries(entries);
  // The header is built as text so key order is kept and no key touches an object prototype.
  const parts: string[] = [];
  if (metadata !== undefined) {
    const fields = Object.entries(metadata).map(([k, v]) => {
      if (typeof v !== 'string') {
        throw new Error(
          `encodeSafetensors: metadata ${show(k)} must be a string, got ${typeof v}; JSON.stringify it first.`,
        );
      }
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    parts.push(`${JSON.stringify(METADATA)}:{${fields.join(',')}}`);
  }
  const seen = new Set<string>();
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, entry] of list) {
    const where = `encodeSafetensors: tensor ${show(name)}`;
    if (name === METADATA) throw new Error(`${where}: the name is reserved for the metadata.`);
    if (seen.has(name)) throw new Error(`${where}: the name appears twice.`);
    seen.add(name);
    const size = dtypeSize(entry.dtype);
    if (size === undefined) {
      throw new Error(`${where}: unknown dtype ${show(entry.dtype)} (expected ${dtypeList()}).`);
    }
    const count = elementCount(entry.shape);
    if (count === undefined) {
      throw new Error(
        `${where}: shape ${show(entry.shape)} is not a list of non-negative integers.`,
      );
    }
    const bytes = new Uint8Array(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    if (bytes.length !== count * size) {
      throw new Error(
        `${where}: shape [${entry.shape.join(', ')}] ${entry.dtype} needs ${count * size} bytes, the data has ${bytes.length}.`,
      );
    }
    const header = {
      dtype: entry.dtype,
      shape: [...entry.shape],
      data_offsets: [offset, offset + bytes.length],
    };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(header)}`);
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8; // 8 + headerLength stays 8-byte aligned
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength); // pad with spaces
  let at = 8 + headerLength;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Tensors (views into `bytes`, not copies) and metadata of a safetensors file. Throws a one-line
 * error naming the tensor and what is wrong when the file is truncated or malformed.
 */
export function decodeSafetensors(
  buffer: Uint8Array | ArrayBuffer,
  options: DecodeSafetensorsOptions = {},
): DecodedSafetensors {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const cap = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (bytes.length < 8) {
    throw new Error(
      `safetensors: the file has ${bytes.length} bytes, fewer than the 8-byte header length (truncated or not a safetensors file).`,
    );
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(bytes.length - 8)) {
    throw new Error(
      `safetensors: header length ${length} exceeds the file (${bytes.length - 8} bytes after the length; truncated or not a safetensors file).`,
    );
  }
  const headerLength = Number(length);
  if (headerLength > cap) {
    throw new Error(
      `safetensors: header length ${headerLength} is over the cap of ${cap} bytes (raise maxHeaderBytes if the file is trusted).`,
    );
  }
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const data = bytes.subarray(8 + headerLength);
  const metadata: SafetensorsMetadata = Object.create(null);
  const found: Array<{
    name: string;
    dtype: SafetensorsDtype;
    shape: number[];
    begin: number;
    end: number;
  }> = [];
  for (const name of Object.keys(header)) {
    const raw = header[name];
    if (name === METADATA) {
      readMetadata(raw, metadata);
      continue;
    }
    found.push({ name, ...readEntry(name, raw, data.length) });
  }
  // The tensors must tile the data section: ascending, no overlap, no gap, nothing left over.
  found.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous = '';
  for (const t of found) {
    if (t.begin < expected) {
      throw new Error(
        `safetensors: tensor ${show(t.name)}: data_offsets [${t.begin}, ${t.end}] overlap tensor ${show(previous)}, which ends at ${expected}.`,
      );
    }
    if (t.begin > expected) {
      throw new Error(
        `safetensors: tensor ${show(t.name)}: data_offsets [${t.begin}, ${t.end}] leave a gap: bytes [${expected}, ${t.begin}) of the data belong to no tensor.`,
      );
    }
    expected = t.end;
    previous = t.name;
  }
  if (expected !== data.length) {
    throw new Error(
      `safetensors: the data section has ${data.length} bytes but the tensors cover ${expected}; the file has trailing bytes or is malformed.`,
    );
  }
  const tensors = new Map<string, SafetensorsTensor>();
  for (const t of found) {
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, data: data.subarray(t.begin, t.end) });
  }
  return { tensors, metadata };
}

/** A typed array over a decoded tensor's elements, matching its dtype (F16/BF16 as raw `Uint16Array` bits). */
export type SafetensorsArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | BigInt64Array
  | BigUint64Array;

/**
 * The elements of a decoded tensor as a typed array of its dtype: a zero-copy view when the data
 * is aligned for that type, a copy otherwise. Little-endian, like every platform tfjs runs on.
 */
export function safetensorsArray(tensor: SafetensorsTensor): SafetensorsArray {
  const size = SAFETENSORS_DTYPE_BYTES[tensor.dtype];
  let d = tensor.data;
  if (d.byteOffset % size !== 0) d = d.slice(); // a fresh buffer starts aligned
  const n = d.byteLength / size;
  switch (tensor.dtype) {
    case 'F64':
      return new Float64Array(d.buffer, d.byteOffset, n);
    case 'F32':
      return new Float32Array(d.buffer, d.byteOffset, n);
    case 'I32':
      return new Int32Array(d.buffer, d.byteOffset, n);
    case 'I16':
      return new Int16Array(d.buffer, d.byteOffset, n);
    case 'I8':
      return new Int8Array(d.buffer, d.byteOffset, n);
    case 'U32':
      return new Uint32Array(d.buffer, d.byteOffset, n);
    case 'F16':
    case 'BF16':
    case 'U16':
      return new Uint16Array(d.buffer, d.byteOffset, n);
    case 'I64':
      return new BigInt64Array(d.buffer, d.byteOffset, n);
    case 'U64':
      return new BigUint64Array(d.buffer, d.byteOffset, n);
    case 'U8':
    case 'BOOL':
      return d;
  }
}

function parseHeader(raw: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new Error('safetensors: the header is not valid UTF-8 (not a safetensors file?).');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `safetensors: the header is not JSON (${(error as Error).message.split('\n')[0]}); not a safetensors file?`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(
      `safetensors: the header must be a JSON object of tensors, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}.`,
    );
  }
  // JSON.parse defines `__proto__` as an own key, so Object.keys sees it like any name.
  return parsed as Record<string, unknown>;
}

function readMetadata(raw: unknown, into: SafetensorsMetadata): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(
      `safetensors: __metadata__ must be an object of strings, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}.`,
    );
  }
  for (const key of Object.keys(raw)) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value !== 'string') {
      throw new Error(
        `safetensors: __metadata__ ${show(key)} must be a string, got ${typeof value}.`,
      );
    }
    into[key] = value;
  }
}

function readEntry(
  name: string,
  raw: unknown,
  dataLength: number,
): { dtype: SafetensorsDtype; shape: number[]; begin: number; end: number } {
  const where = `safetensors: tensor ${show(name)}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${where}: expected { dtype, shape, data_offsets }, got ${show(raw)}.`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  const size = dtypeSize(dtype);
  if (size === undefined) {
    throw new Error(`${where}: unknown dtype ${show(dtype)} (expected ${dtypeList()}).`);
  }
  const count = Array.isArray(shape) ? elementCount(shape) : undefined;
  if (count === undefined) {
    throw new Error(`${where}: shape ${show(shape)} is not a list of non-negative integers.`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    throw new Error(`${where}: data_offsets ${show(offsets)} are not two non-negative integers.`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end)
    throw new Error(`${where}: data_offsets [${begin}, ${end}] are reversed (begin > end).`);
  if (end > dataLength) {
    throw new Error(
      `${where}: data_offsets [${begin}, ${end}] run past the data section (${dataLength} bytes; truncated file?).`,
    );
  }
  if (end - begin !== count * size) {
    throw new Error(
      `${where}: shape [${(shape as number[]).join(', ')}] ${dtype} needs ${count * size} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}.`,
    );
  }
  return { dtype: dtype as SafetensorsDtype, shape: [...(shape as number[])], begin, end };
}

function dtypeSize(dtype: unknown): number | undefined {
  return typeof dtype === 'string' && Object.hasOwn(SAFETENSORS_DTYPE_BYTES, dtype)
    ? SAFETENSORS_DTYPE_BYTES[dtype as SafetensorsDtype]
    : undefined;
}

function dtypeList(): string {
  return Object.keys(SAFETENSORS_DTYPE_BYTES).join(', ');
}

/** Product of the dims, or undefined when a dim is not a non-negative safe integer or it overflows. */
function elementCount(shape: readonly unknown[]): number | undefined {
  if (!Array.isArray(shape)) return undefined;
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) return undefined;
    n *= d as number;
  }
  return n * 8 <= Number.MAX_SAFE_INTEGER ? n : undefined;
}

/** A value for a one-line message: JSON, cut short. */
function show(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
