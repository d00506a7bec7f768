/**
 * Reading and writing tokenizer files (Node only: `node:fs` is imported lazily, so the rest
 * of the package stays usable in a browser bundle).
 */
import { BPE, type BpeOptions } from './models/bpe.js';
import { WordPiece, type WordPieceOptions } from './models/word_piece.js';
import { tokenizerFromString, tokenizerToJson } from './serialization.js';
import type { Tokenizer } from './tokenizer.js';
import { parseMergesTxt, parseVocabTxt } from './vocab_files.js';

async function fs() {
  return import('node:fs/promises');
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await (await fs()).readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** Writes `text` to a temp file next to `path`, then renames it: a crash never leaves half a file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const { writeFile, rename, rm } = await fs();
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** Loads a Hugging Face tokenizer.json. */
export async function loadTokenizer(path: string): Promise<Tokenizer> {
  const text = await readText(path, 'tokenizer file');
  try {
    return tokenizerFromString(text);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

/** Saves `tok` as a tokenizer.json (atomically). */
export async function saveTokenizer(tok: Tokenizer, path: string, pretty = true): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(tokenizerToJson(tok), null, pretty ? 2 : undefined));
}

/** A WordPiece model from a BERT vocab.txt. */
export async function loadWordPieceVocab(
  path: string,
  options: WordPieceOptions = {},
): Promise<WordPiece> {
  return new WordPiece(parseVocabTxt(await readText(path, 'vocab file')), options);
}

/** A BPE model from GPT-2's vocab.json + merges.txt. */
export async function loadBpeFiles(
  vocabPath: string,
  mergesPath: string,
  options: BpeOptions = {},
): Promise<BPE> {
  const vocabText = await readText(vocabPath, 'vocab file');
  let vocab: Record<string, number>;
  try {
    vocab = JSON.parse(vocabText);
  } catch (e) {
    throw new Error(`${vocabPath}: not valid JSON: ${(e as Error).message}`);
  }
  return new BPE(
    new Map(Object.entries(vocab)),
    parseMergesTxt(await readText(mergesPath, 'merges file')),
    options,
  );
}
