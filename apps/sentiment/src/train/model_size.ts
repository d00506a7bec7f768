/**
 * Parameter count of a classifier from its options, before it is built: the check that turns a
 * too-large --embedding-dim / --hidden-size / --vocab-size into "model too large for the 2 GiB
 * wasm heap" instead of a WebAssembly trap (layers' checkModelSize).
 */
import { checkModelSize } from '@tfnlp/layers';
import { InputError } from '../errors.js';
import { type Arch, type ArchOptions, LABELS } from '../model.js';

/** The parameters `buildClassifier(arch, o)` creates (a lower bound for the Transformer's norms). */
export function estimateParameters(arch: Arch, o: ArchOptions): number {
  const C = LABELS.length;
  const E = o.embeddingDim;
  const embedding = o.vocabSize * E;
  switch (arch) {
    case 'bag':
      return embedding + E * C + C;
    case 'lstm':
    case 'bilstm':
    case 'gru':
    case 'bigru': {
      const H = o.hiddenSize;
      const gates = arch.endsWith('lstm') ? 4 : 3;
      const dirs = arch.startsWith('bi') ? 2 : 1;
      // Per direction: input and recurrent kernels, and PyTorch's two biases.
      return embedding + dirs * gates * H * (E + H + 2) + dirs * H * C + C;
    }
    case 'transformer': {
      const d = E;
      const ff = 2 * d;
      // 2 layers: Q, K, V, out projections; two feed-forward layers; two LayerNorms.
      const layer = 4 * (d * d + d) + (d * ff + ff) + (ff * d + d) + 4 * d;
      return embedding + 2 * layer + d * C + C;
    }
  }
}

/** Training keeps 4 float32 copies of each parameter: weights, gradients, AdamW's two moments. */
export function checkTrainable(arch: Arch, o: ArchOptions): void {
  try {
    checkModelSize(estimateParameters(arch, o), { copies: 4 });
  } catch (e) {
    throw new InputError(
      `${(e as Error).message.replace(/; use .*$/, '')}; lower --embedding-dim, --hidden-size or --vocab-size.`,
    );
  }
}
