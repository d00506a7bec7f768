/**
 * Starting a `TransformerClassifier` from a pretrained language model's body (pretrain, then
 * fine-tune): token and position tables and the encoder blocks are copied, the classifier head
 * starts fresh. The report names every weight loaded, new (kept at its initial value) or unused.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  TransformerClassifier,
  type TransformerClassifierOptions,
} from '../models/transformer_classifier.js';
import { CausalLM } from './causal_lm.js';
import type { MaskedLM } from './masked_lm.js';

/** What `loadIntoClassifier` did, by name. */
export interface TransferReport {
  /** Classifier parameters copied from the language model. */
  loaded: string[];
  /** Classifier parameters with no counterpart (the head): they keep their initial values. */
  new: string[];
  /** Language-model parameters the classifier has no place for (LM head, token types, ...). */
  unused: string[];
}

/** The classifier-specific options of `classifierOptionsFromLM`. */
export type ClassifierHeadOptions = Pick<TransformerClassifierOptions, 'numClasses'> &
  Partial<Omit<TransformerClassifierOptions, 'numClasses'>>;

/**
 * `TransformerClassifier` options whose body matches `lm` (sizes, activation, pre/post-norm,
 * learned positions), plus the head options given. A `CausalLM` body is pre-norm with its
 * `ln_f` as the encoder's final norm; a `MaskedLM` body is post-norm. The classifier attends
 * in both directions and has no embedding LayerNorm or token types (BERT's are reported unused).
 */
export function classifierOptionsFromLM(
  lm: CausalLM | MaskedLM,
  head: ClassifierHeadOptions,
): TransformerClassifierOptions {
  const o = lm.options;
  const causal = lm instanceof CausalLM;
  return {
    vocabSize: o.vocabSize,
    maxLength: o.maxLength,
    dModel: o.dModel,
    numHeads: o.numHeads,
    numLayers: o.numLayers,
    dimFeedforward: o.dimFeedforward ?? 4 * o.dModel,
    dropout: o.dropout ?? 0.1,
    activation: o.activation ?? (causal ? 'gelu_tanh' : 'gelu'),
    normFirst: causal,
    positional: 'learned',
    ...(causal ? { finalNormEps: o.layerNormEps ?? 1e-5 } : {}),
    ...head,
  };
}

/** Classifier name -> language-model name, for the parameters that carry over. */
function sourceName(lm: CausalLM | MaskedLM, name: string): string | null {
  const causal = lm instanceof CausalLM;
  if (name === 'embedding.weight') {
    return causal ? 'wte.weight' : 'embeddings.word_embeddings.weight';
  }
  if (name === 'positions.weight') {
    return causal ? 'wpe.weight' : 'embeddings.position_embeddings.weight';
  }
  const layer = /^encoder\.layers\.(\d+)\.(.+)$/.exec(name);
  if (layer) return causal ? `h.${layer[1]}.${layer[2]}` : name;
  const norm = /^encoder\.norm\.(weight|bias)$/.exec(name);
  if (norm && causal) return `ln_f.${norm[1]}`;
  return null;
}

/**
 * Copies `lm`'s body into `classifier` (built e.g. with `classifierOptionsFromLM`); shapes must
 * match. The language model is left unchanged and may be disposed afterwards.
 */
export function loadIntoClassifier(
  classifier: TransformerClassifier,
  lm: CausalLM | MaskedLM,
): TransferReport {
  const source = new Map(lm.namedParameters());
  const used = new Set<string>();
  const report: TransferReport = { loaded: [], new: [], unused: [] };
  const pairs: [tf.Variable, tf.Variable][] = [];
  for (const [name, p] of classifier.namedParameters()) {
    const from = sourceName(lm, name);
    const v = from === null ? undefined : source.get(from);
    if (!v) {
      report.new.push(name);
      continue;
    }
    if (!tf.util.arraysEqual(v.shape, p.shape)) {
      throw new Error(
        `loadIntoClassifier: ${name} is [${p.shape}] but the language model's ${from} is [${v.shape}]; build the classifier with classifierOptionsFromLM(lm, ...).`,
      );
    }
    pairs.push([p, v]);
    used.add(from!);
    report.loaded.push(name);
  }
  for (const [p, v] of pairs) p.assign(v); // after every check: all or nothing
  report.unused = [...source.keys()].filter((k) => !used.has(k));
  return report;
}

/** Builds a classifier from `classifierOptionsFromLM(lm, head)` and loads the body into it. */
export function classifierFromLM(
  lm: CausalLM | MaskedLM,
  head: ClassifierHeadOptions,
): { model: TransformerClassifier; report: TransferReport } {
  const model = new TransformerClassifier(classifierOptionsFromLM(lm, head));
  return { model, report: loadIntoClassifier(model, lm) };
}
