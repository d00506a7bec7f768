/**
 * The ONNX graphs of the model types: ids [B, T] and the float mask [B, T] -> logits [B, C]
 * (classifiers) or [B, T, vocab] (CausalLM), the same computation as each model's `forward` in
 * eval mode (dropout is the identity).
 */
import { CausalLM } from '../lm/causal_lm.js';
import { BagClassifier } from '../models/bag_classifier.js';
import { RNNClassifier } from '../models/rnn_classifier.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { attr, type GraphBuilder } from './graph.js';
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
import { causalBiasOnnx, encoderLayerOnnx, keyBiasOnnx } from './ops_transformer.js';

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

/**
 * `CausalLM` (GPT-2 layout): wte(ids) + wpe[:T] -> pre-norm blocks with the causal bias plus the
 * padding bias -> ln_f -> logits [B, T, vocab] through wte^T (tied) or lm_head.
 */
export function causalLMOnnx(g: GraphBuilder, m: CausalLM, io: SequenceInputs): string {
  const wte = g.tensor('wte.weight', m.wte.weight); // [vocab, d]
  let h = g.op('Gather', [wte, io.ids], [attr.int('axis', 0)]); // [B, T, d]
  const T = g.op('Gather', [g.op('Shape', [io.ids]), g.int64([1])]); // [1]
  const wpe = g.op('Slice', [g.tensor('wpe.weight', m.wpe.weight), g.int64([0]), T, g.int64([0])]);
  h = g.op('Add', [h, wpe]); // [B, T, d] + [T, d]
  // keyBias [B, 1, 1, T] + causal [T, T] -> [B, 1, T, T], the sum `attentionBias` forms.
  const bias = g.op('Add', [keyBiasOnnx(g, io.mask), causalBiasOnnx(g, io.ids)]);
  let i = 0;
  for (const layer of m.h) h = encoderLayerOnnx(g, `h.${i++}`, layer, h, bias);
  h = layerNormOnnx(g, 'ln_f', m.lnF, h);
  if (m.lmHead) return denseOnnx(g, 'lm_head', m.lmHead, h); // [B, T, vocab]
  // Tied: reuse the embedding initializer, transposed in the graph (ORT folds it once).
  const wteT = g.op('Transpose', [wte], [attr.ints('perm', [1, 0])]); // [d, vocab]
  return g.op('MatMul', [h, wteT]);
}

/** A model type the exporter knows. */
export type ExportableModel = BagClassifier | RNNClassifier | TransformerClassifier | CausalLM;

/**
 * The output dims of `model`'s logits: [batch, numClasses] for a classifier, [batch, sequence,
 * vocab] for a CausalLM.
 */
export function logitsDims<D>(model: ExportableModel, batch: D, sequence: D): (D | number)[] {
  if (model instanceof CausalLM) return [batch, sequence, model.options.vocabSize];
  return [batch, model.classifier.options.outFeatures];
}

/** The graph of `model` (logits [B, C] or [B, T, vocab]); throws for a model type without an exporter. */
export function modelOnnx(g: GraphBuilder, model: unknown, io: SequenceInputs): string {
  if (model instanceof BagClassifier) return bagClassifierOnnx(g, model, io);
  if (model instanceof RNNClassifier) return rnnClassifierOnnx(g, model, io);
  if (model instanceof TransformerClassifier) return transformerClassifierOnnx(g, model, io);
  if (model instanceof CausalLM) return causalLMOnnx(g, model, io);
  const type = (model as { constructor?: { name?: string } })?.constructor?.name ?? typeof model;
  throw new Error(
    `exportOnnx: no exporter for ${type}; export a BagClassifier, RNNClassifier, TransformerClassifier or CausalLM.`,
  );
}
