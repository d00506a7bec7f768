/** Reading IMDB through @tfnlp/datasets, with errors turned into one-line input errors. */
import { existsSync } from 'node:fs';
import type { TextExample } from '@tfnlp/datasets';
import { imdb, toArray } from '@tfnlp/datasets/node';
import { InputError, messageOf } from './errors.js';

export type ImdbExample = TextExample & { key: string; split: string };

/** Fails early (before a run touches its output folder) when `data` is given and missing. */
export function checkData(data: string | undefined): void {
  if (data !== undefined && !existsSync(data)) {
    throw new InputError(
      `data not found: ${data} (give the aclImdb_v1.tar.gz archive or the unpacked aclImdb folder, or leave out --data to download it).`,
    );
  }
}

/** All reviews of `split` from `data` (archive or folder), or from the datasets cache / official URL. */
export async function loadImdb(
  data: string | undefined,
  split: 'train' | 'test',
  onProgress?: (line: string) => void,
): Promise<ImdbExample[]> {
  checkData(data);
  try {
    const source = data !== undefined ? { path: data } : {};
    let lastPercent = -1;
    const examples = await toArray(
      imdb({
        ...source,
        split,
        onProgress: (p: { receivedBytes: number; totalBytes?: number }) => {
          if (!onProgress || !p.totalBytes) return;
          const percent = Math.floor((100 * p.receivedBytes) / p.totalBytes);
          if (percent !== lastPercent && percent % 10 === 0) {
            lastPercent = percent;
            onProgress(`downloading aclImdb_v1.tar.gz: ${percent}%`);
          }
        },
      }),
    );
    if (examples.length === 0) throw new Error(`no ${split} reviews found`);
    return examples as ImdbExample[];
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      `cannot read IMDB ${split} data from ${data ?? 'the datasets cache'}: ${messageOf(e)}`,
    );
  }
}
