/**
 * Model sizes checked before anything is allocated: a too-large embedding or hidden size must
 * give a clear error at the start, not a WebAssembly "memory access out of bounds" trap (or a
 * full heap) in the middle of building or training the model.
 */

/** The wasm heap of @tfnlp/backend-wasm single-threaded: 2 GiB (a 32-bit heap with signed offsets). */
export const WASM_HEAP_BYTES = 2 ** 31;

/** Options of `checkModelSize`. */
export interface ModelSizeOptions {
  /**
   * Float32 copies of every parameter that live at once: 1 for inference, 4 for training with
   * Adam/AdamW (weights, gradients, first and second moments). Default 1.
   */
  copies?: number;
  /** Share of the heap the parameters may take; the rest is for activations (default 0.5). */
  fraction?: number;
  /** Heap size (default `WASM_HEAP_BYTES`). */
  heapBytes?: number;
}

/** Bytes the parameters take: `parameters x 4 (float32) x copies`. */
export function parameterBytes(parameters: number, copies = 1): number {
  return parameters * 4 * copies;
}

/**
 * Throws `model too large for the 2 GiB wasm heap: ...` when `parameters` float32 values (times
 * `copies`) would take more than `fraction` of the heap. `parameters` comes from the options (an
 * upper bound is fine), so nothing is allocated before the check.
 */
export function checkModelSize(parameters: number, options: ModelSizeOptions = {}): void {
  const copies = options.copies ?? 1;
  const fraction = options.fraction ?? 0.5;
  const heap = options.heapBytes ?? WASM_HEAP_BYTES;
  if (!Number.isFinite(parameters) || parameters < 0) {
    throw new RangeError(`checkModelSize: parameters must be a count, got ${parameters}.`);
  }
  const bytes = parameterBytes(parameters, copies);
  if (bytes > heap * fraction) {
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(n >= 2 ** 30 ? 1 : 2)} GiB`;
    throw new RangeError(
      `model too large for the ${gib(heap).replace('.0 ', ' ')} wasm heap: ` +
        `${Math.round(parameters).toLocaleString('en-US')} parameters x 4 bytes x ${copies} ` +
        `= ${gib(bytes)} (at most ${gib(heap * fraction)}); use a smaller vocabulary, embedding or hidden size.`,
    );
  }
}
