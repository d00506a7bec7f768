/**
 * Packing documents into fixed-length blocks for language-model training (GPT-2's and
 * Hugging Face's `group_texts`): the documents are concatenated, each followed by a separator
 * (e.g. the end-of-text id), and cut into blocks of `blockSize` tokens; no padding is needed.
 */

/** Options of `packBlocks`. */
export interface PackOptions {
  /** Id appended after every document (e.g. `<|endoftext|>`); none when omitted. */
  separatorId?: number;
  /** Keep the last, shorter block (default false: drop it, so every block has blockSize tokens). */
  keepRemainder?: boolean;
}

/** The documents' tokens, concatenated (with separators) and cut into blocks of `blockSize`. */
export function packBlocks(
  docs: Iterable<ArrayLike<number>>,
  blockSize: number,
  options: PackOptions = {},
): Int32Array[] {
  if (!(Number.isInteger(blockSize) && blockSize >= 2)) {
    throw new Error(`packBlocks: blockSize must be an integer >= 2, got ${blockSize}.`);
  }
  const blocks: Int32Array[] = [];
  let current = new Int32Array(blockSize);
  let fill = 0;
  const push = (id: number) => {
    current[fill++] = id;
    if (fill === blockSize) {
      blocks.push(current);
      current = new Int32Array(blockSize);
      fill = 0;
    }
  };
  for (const doc of docs) {
    for (let i = 0; i < doc.length; i++) push(doc[i]!);
    if (options.separatorId !== undefined) push(options.separatorId);
  }
  if (options.keepRemainder && fill > 0) blocks.push(current.slice(0, fill));
  return blocks;
}
