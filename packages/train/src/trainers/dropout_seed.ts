// The trainer reseeds dropout itself before every training forward, so the masks follow its
// checkpointed Rng (exact resume) and differ between data-parallel replicas, whatever the forward
// does. Same derivation (`childSeed` of @tfnlp/core) as @tfnlp/layers' `reseedDropout`, so a
// forward that still calls it reseeds to the very same streams (harmless).
import { childSeed } from '@tfnlp/core';

/** A module tree as @tfnlp/layers exposes it: every submodule by dotted path (itself at ''). */
interface ModuleTree {
  namedModules(): Iterable<readonly [string, unknown]>;
}

/**
 * Restarts every submodule that has a `reseed(seed)` method (a Dropout) from
 * `childSeed(seed, path)`. Models without `namedModules` (plain objects of variables) are left
 * alone: their forward draws from `ctx.seed` itself.
 */
export function reseedDropout(model: unknown, seed: number): void {
  const tree = model as Partial<ModuleTree> | null;
  if (tree === null || typeof tree !== 'object' || typeof tree.namedModules !== 'function') return;
  for (const [path, m] of tree.namedModules()) {
    const reseed = (m as { reseed?: unknown } | null)?.reseed;
    if (typeof reseed === 'function') reseed.call(m, childSeed(seed, path));
  }
}
