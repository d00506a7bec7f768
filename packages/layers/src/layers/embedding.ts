/** Token embedding: a lookup table [numEmbeddings, embeddingDim], PyTorch `nn.Embedding`. */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { Module, type ModuleConfig } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';

/** Options of `Embedding`. */
export interface EmbeddingOptions {
  numEmbeddings: number;
  embeddingDim: number;
  /**
   * Id of the padding token (e.g. PAD = 0): its row starts at zero and, as in PyTorch, never
   * receives a gradient (its lookups are multiplied by a constant 0/1 mask).
   */
  paddingIdx?: number;
  /** Initialisation seed (default 42). Weights ~ N(0, 1) like PyTorch. */
  seed?: number;
}

/** Token embedding: a lookup table [numEmbeddings, embeddingDim], PyTorch `nn.Embedding`. */
export class Embedding extends Module {
  readonly weight: tf.Variable; // [vocab, dim]

  constructor(readonly options: EmbeddingOptions) {
    super();
    const { numEmbeddings, embeddingDim, paddingIdx } = options;
    if (!(numEmbeddings > 0 && embeddingDim > 0)) {
      throw new Error(
        `Embedding: numEmbeddings and embeddingDim must be positive, got ${numEmbeddings}, ${embeddingDim}.`,
      );
    }
    if (paddingIdx !== undefined && (paddingIdx < 0 || paddingIdx >= numEmbeddings)) {
      throw new Error(`Embedding: paddingIdx ${paddingIdx} is outside [0, ${numEmbeddings}).`);
    }
    const rng = new Rng(options.seed ?? DEFAULT_SEED);
    const w = rng.normalArray(numEmbeddings * embeddingDim);
    if (paddingIdx !== undefined)
      w.fill(0, paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim);
    this.weight = this.addParameter('weight', tf.tensor2d(w, [numEmbeddings, embeddingDim]));
  }

  /** ids: int32 [...] -> [..., dim]. Ids must lie in [0, numEmbeddings). */
  forward(ids: tf.Tensor): tf.Tensor {
    if (ids.dtype !== 'int32') {
      throw new Error(
        `Embedding.forward: ids must be an int32 tensor, got ${ids.dtype}; use tf.cast(ids, 'int32').`,
      );
    }
    const pad = this.options.paddingIdx;
    if (pad === undefined) return tf.gather(this.weight, ids);
    return tf.tidy(() => {
      // The mask depends on ids only (no gradient through NotEqual is needed).
      const keep = tf.expandDims(tf.cast(tf.notEqual(ids, tf.scalar(pad, 'int32')), 'float32'), -1); // [..., 1]
      return tf.mul(tf.gather(this.weight, ids), keep); // [..., dim]
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'Embedding', options: { ...this.options } };
  }
}
