import type { TensorData } from './tensor_data.js';

/**
 * Splits a JSON-like state into JSON plus binary tensors: every `{ shape, values: Float32Array }`
 * and every bare Float32Array / Int32Array becomes a tensor named `${prefix}${path}` and is
 * replaced by `{ $tensor: name }`. `decodeState` puts them back.
 */
export function encodeState(
  state: unknown,
  prefix: string,
  tensors: Map<string, TensorData>,
): unknown {
  const walk = (value: unknown, path: string): unknown => {
    if (value instanceof Float32Array || value instanceof Int32Array) {
      return walk({ shape: [value.length], values: value }, path);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}/${i}`));
    if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (
        Array.isArray(o.shape) &&
        (o.values instanceof Float32Array || o.values instanceof Int32Array) &&
        Object.keys(o).length === 2
      ) {
        const name = `${prefix}${path}`;
        tensors.set(
          name,
          o.values instanceof Float32Array
            ? { dtype: 'float32', shape: o.shape as number[], values: o.values }
            : { dtype: 'int32', shape: o.shape as number[], values: o.values },
        );
        return { $tensor: name };
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) out[k] = walk(v, `${path}/${k}`);
      return out;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { $number: String(value) }; // JSON has no NaN / Infinity
    }
    return value;
  };
  return walk(state, '');
}

/** Inverse of `encodeState`: puts the tensors back; keys from the file stay own plain keys. */
export function decodeState(json: unknown, tensors: ReadonlyMap<string, TensorData>): unknown {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.$tensor === 'string' && Object.keys(o).length === 1) {
        const t = tensors.get(o.$tensor);
        if (t === undefined) {
          throw new Error(`checkpoint: tensor '${o.$tensor}' is missing (corrupt checkpoint).`);
        }
        return { shape: t.shape, values: t.values };
      }
      if (typeof o.$number === 'string' && Object.keys(o).length === 1) return Number(o.$number);
      // Keys come from the file: define them as own properties, so '__proto__' stays a plain key.
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) {
        Object.defineProperty(out, k, {
          value: walk(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return value;
  };
  return walk(json);
}
