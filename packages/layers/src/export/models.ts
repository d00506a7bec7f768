/**
 * The ONNX graphs of the model types: ids [B, T] and the float mask [B, T] -> logits [B, C],
 * the same computation as each model's `forward` in eval mode (dropout is the identity).
 */
import { BagClassifier } from '../models/bag_classifier.js';
import { RNNClassifier } from '../models/rnn_classifier.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import type { GraphBuilder } from './graph.js';
import {
  denseOnnx,
  embeddingLayerOnnx,
  embeddingOnnx,
  firstTokenOnnx,
  layerNormOnnx,
  maskedMaxOnnx,
  maskedMeanOnnx,
  positionsOnnx,
  type SequenceInputs,
  tfidfPoolOnnx,
} from './ops_basic.js';
import { lengthsOnnx, rnnOnnx } from './ops_recurrent.js';
import { encoderLayerOnnx, keyBiasOnnx } from './ops_transformer.js';

/** `BagClassifier`: Embedding -> masked mean -> Dense. */
export function bagClassifierOnnx(g: GraphBuilder, m: BagClassifier, io: SequenceInputs): string {
  const x = embeddingOnnx(g, 'embedding', m.embedding.weight, io.ids); // [B, T, E]
  return denseOnnx(g, 'classifier', m.classifier, maskedMeanOnnx(g, x, io.mask));
}

/** `RNNClassifier`: Embedding -> LSTM/GRU/RNN (sequence_lens from the mask) -> pooling -> Dense. */
export function rnnClassifierOnnx(g: GraphBuilder, m: RNNClassifier, io: SequenceInputs): string {
  const x = embeddingLayerOnnx(g, 'embedding', m.embedding, io.ids); // [B, T, E]
  const { output, lastHidden } = rnnOnnx(g, 'rnn', m.rnn, x, lengthsOnnx(g, io.mask));
  const pooling = m.options.pooling ?? 'last';
  const pooled =
    pooling === 'last'
      ? lastHidden
      : pooling === 'mean'
        ? maskedMeanOnnx(g, output, io.mask)
        : maskedMaxOnnx(g, output, io.mask); // [B, D*H]
  return denseOnnx(g, 'classifier', m.classifier, pooled);
}

/** `TransformerClassifier`: (scaled) Embedding + positions -> encoder layers -> norm/pooling -> Dense. */
export function transformerClassifierOnnx(
  g: GraphBuilder,
  m: TransformerClassifier,
  io: SequenceInputs,
): string {
  const o = m.options;
  let h = embeddingLayerOnnx(g, 'embedding', m.embedding, io.ids); // [B, T, d]
  if (o.scaleEmbeddings) h = g.op('Mul', [h, g.scalar(Math.sqrt(o.dModel))]);
  h = positionsOnnx(g, 'positions', m.positions, h, io.ids);
  const keyBias = keyBiasOnnx(g, io.mask); // [B, 1, 1, T]
  let i = 0;
  for (const layer of m.encoder.layers) {
    h = encoderLayerOnnx(g, `encoder.layers.${i++}`, layer, h, keyBias);
  }
  const norm = m.encoder.norm;
  const late = o.normAfterPooling === true;
  if (norm && !late) h = layerNormOnnx(g, 'encoder.norm', norm, h);
  let pooled: string;
  if (m.tfidf) pooled = tfidfPoolOnnx(g, 'pooling', m.tfidf, h, io);
  else if (o.pooling === 'first') pooled = firstTokenOnnx(g, h);
  else if (o.pooling === 'max') pooled = maskedMaxOnnx(g, h, io.mask);
  else pooled = maskedMeanOnnx(g, h, io.mask); // [B, d]
  if (norm && late) pooled = layerNormOnnx(g, 'encoder.norm', norm, pooled);
  return denseOnnx(g, 'classifier', m.classifier, pooled);
}

/** A model type the exporter knows, or null. */
export type ExportableModel = BagClassifier | RNNClassifier | TransformerClassifier;

/** The graph of `model` (logits [B, C]); throws for a model type without an exporter. */
export function modelOnnx(g: GraphBuilder, model: unknown, io: SequenceInputs): string {
  if (model instanceof BagClassifier) return bagClassifierOnnx(g, model, io);
  if (model instanceof RNNClassifier) return rnnClassifierOnnx(g, model, io);
  if (model instanceof TransformerClassifier) return transformerClassifierOnnx(g, model, io);
  const type = (model as { constructor?: { name?: string } })?.constructor?.name ?? typeof model;
  throw new Error(
    `exportOnnx: no exporter for ${type}; export a BagClassifier, RNNClassifier or TransformerClassifier.`,
  );
}
