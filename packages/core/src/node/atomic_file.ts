import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempSibling } from './temp_names.js';

/**
 * Writes `data` to `path` so that a reader sees the old file or the new one, never a partial one:
 * a temporary sibling in the same folder, flushed to disk (fsync), renamed over `path`, then the
 * folder itself flushed so the rename survives a power cut. The folder must exist.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = tempSibling(path, 'tmp');
  try {
    await writeAndSync(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Creates `path` (it must not exist), writes `data` and fsyncs it. */
export async function writeAndSync(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of a folder, so renames in it are durable; a no-op where folders cannot be opened (Windows). */
export async function syncFolder(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder; its renames are durable enough for our purpose.
  } finally {
    await handle?.close();
  }
}
