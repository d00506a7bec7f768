// Where downloaded archives live: $TFNLP_CACHE_DIR, else $TFNLP_CACHE, else
// $XDG_CACHE_HOME/tfnlp, else ~/.cache/tfnlp. Datasets go under <cache>/datasets/<id>/.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The cache root: $TFNLP_CACHE_DIR, $TFNLP_CACHE, $XDG_CACHE_HOME/tfnlp or ~/.cache/tfnlp. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.TFNLP_CACHE_DIR || env.TFNLP_CACHE;
  if (explicit) return explicit;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg || join(homedir(), '.cache'), 'tfnlp');
}

/** Where one dataset's files are cached: `<cacheDir>/datasets/<datasetId>`. */
export function datasetCacheDir(datasetId: string, cacheDir?: string): string {
  return join(cacheDir ?? defaultCacheDir(), 'datasets', datasetId);
}
