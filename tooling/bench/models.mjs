// The benchmark's tfnlp model of a config (configs.mjs), shared by every tfnlp runner.
import { RNNClassifier, TransformerClassifier } from '@tfnlp/layers';

/**
 * The config's model: @tfnlp/layers' RNNClassifier or TransformerClassifier.
 * @param {import('./configs.mjs').BenchConfig} config
 */
export function buildModel(config) {
  return config.kind === 'lstm'
    ? new RNNClassifier({
        vocabSize: config.vocab,
        embeddingDim: config.embed,
        hiddenSize: config.hidden,
        numClasses: config.classes,
        bidirectional: config.bidirectional,
      })
    : new TransformerClassifier({
        vocabSize: config.vocab,
        maxLength: config.time,
        dModel: config.dModel,
        numHeads: config.heads,
        numLayers: config.layers,
        dimFeedforward: config.ffn,
        numClasses: config.classes,
        activation: config.activation,
      });
}
