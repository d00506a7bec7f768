/**
 * "Download": the model trained in the browser as a zip of its model folder (model.safetensors,
 * model.json, tokenizer.json, info.json), the same files a shipped model has, so it can be
 * unzipped into public/models/<id>/ and listed in index.json.
 */
import { zipSync } from 'fflate';
import type { TrainedFiles } from './session.js';

/** The folder name inside the zip and the zip's own name. */
export const DOWNLOAD_NAME = 'news-classifier-model';

/** The trained files as one zip, under `DOWNLOAD_NAME/`; JSON compressed, weights stored. */
export function modelZip(files: TrainedFiles): Uint8Array {
  const encoder = new TextEncoder();
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, content] of Object.entries(files)) {
    // float32 weights barely compress; deflating them would only cost time.
    entries[`${DOWNLOAD_NAME}/${name}`] =
      typeof content === 'string'
        ? [encoder.encode(content), { level: 6 }]
        : [content, { level: 0 }];
  }
  return zipSync(entries);
}

/** Hands `bytes` to the browser as a file download called `fileName`. */
export function saveAs(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
