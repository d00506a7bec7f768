/** Where each parameter lives in a flat float32 buffer shared between replicas. */
export interface ParameterSlot {
  name: string;
  shape: number[];
  /** Offset in float32 elements. */
  offset: number;
  size: number;
}

/** Consecutive slots for `params` in the given order; `total` float32 elements in all. */
export function layoutOf(params: ReadonlyArray<{ name: string; shape: readonly number[] }>): {
  slots: ParameterSlot[];
  total: number;
} {
  const slots: ParameterSlot[] = [];
  let offset = 0;
  for (const { name, shape } of params) {
    const size = shape.reduce((a, b) => a * b, 1);
    slots.push({ name, shape: [...shape], offset, size });
    offset += size;
  }
  return { slots, total: offset };
}

/** A float32 view of `slot` in `buffer`. */
export function slotView(buffer: SharedArrayBuffer, slot: ParameterSlot): Float32Array {
  return new Float32Array(buffer, slot.offset * 4, slot.size);
}
