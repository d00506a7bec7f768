import type { Model } from '../models/model.js';

/** What training produces: the model, and the special tokens to register on the tokenizer. */
export interface TrainResult {
  model: Model;
  specialTokens: string[];
}

/** Learns a model from word counts (words as the normalizer + pre-tokenizer produce them). */
export interface Trainer {
  /** The model learned from word counts, and the special tokens to register. */
  train(wordCounts: Map<string, number>): TrainResult;
}
