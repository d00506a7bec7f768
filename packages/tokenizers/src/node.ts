// Node entry (`@tfnlp/tokenizers/node`): reading and writing tokenizer files with node:fs.
// Re-exports the browser-safe API too, so one import is enough in Node.

export {
  loadBpeFiles,
  loadTokenizer,
  loadWordPieceVocab,
  saveTokenizer,
  writeFileAtomic,
} from './files.js';
export * from './index.js';
