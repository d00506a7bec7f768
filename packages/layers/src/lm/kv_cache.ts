/**
 * Key/value cache of a decoder-only model: per layer, the keys and values of every position
 * seen so far, so that a generation step attends to the prefix without recomputing it.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Keys and values of one layer, [batch, heads, time, headDim] each. */
export interface LayerKV {
  /** [batch, heads, time, headDim] */
  k: tf.Tensor4D;
  /** [batch, heads, time, headDim] */
  v: tf.Tensor4D;
}

/**
 * The cache of a `CausalLM`: one `LayerKV` per layer (null until the first step) and the
 * number of cached positions. The cache owns its tensors: `dispose()` frees them.
 */
export class KVCache {
  /** Per layer; null before the first forward step. */
  readonly layers: (LayerKV | null)[];

  constructor(numLayers: number) {
    this.layers = Array.from({ length: numLayers }, () => null);
  }

  /** Number of cached positions (0 when empty). */
  get length(): number {
    return this.layers[0]?.k.shape[2] ?? 0;
  }

  /**
   * Appends the keys/values of new positions to layer `i` and returns the full ones.
   * k, v: [batch, heads, newTime, headDim]. The returned tensors are kept (not tidied) and
   * owned by the cache; the previous ones are freed.
   */
  append(i: number, k: tf.Tensor4D, v: tf.Tensor4D): LayerKV {
    const old = this.layers[i];
    const next: LayerKV = old
      ? {
          k: tf.keep(tf.concat([old.k, k], 2)) as tf.Tensor4D,
          v: tf.keep(tf.concat([old.v, v], 2)) as tf.Tensor4D,
        }
      : { k: tf.keep(tf.clone(k)), v: tf.keep(tf.clone(v)) };
    if (old) {
      old.k.dispose();
      old.v.dispose();
    }
    this.layers[i] = next;
    return next;
  }

  /** Keeps only batch rows `index` (beam search reordering); int indices into the batch. */
  select(index: number[]): void {
    for (let i = 0; i < this.layers.length; i++) {
      const kv = this.layers[i];
      if (!kv) continue;
      const idx = tf.tensor1d(index, 'int32');
      this.layers[i] = {
        k: tf.keep(tf.gather(kv.k, idx)) as tf.Tensor4D,
        v: tf.keep(tf.gather(kv.v, idx)) as tf.Tensor4D,
      };
      idx.dispose();
      kv.k.dispose();
      kv.v.dispose();
    }
  }

  /** Frees every cached tensor; the cache is empty afterwards. */
  dispose(): void {
    for (let i = 0; i < this.layers.length; i++) {
      const kv = this.layers[i];
      kv?.k.dispose();
      kv?.v.dispose();
      this.layers[i] = null;
    }
  }
}
