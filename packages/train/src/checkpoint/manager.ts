// The checkpoint manager: writes checkpoints into a storage (atomic files, `latest.json` last),
// rotates old ones (only files it wrote), finds the latest and reads one back for resume. It
// never writes, nor calls "last good", a checkpoint whose values are not all finite.
import { firstNonFinite } from '../trainers/nan_policy.js';
import type { Progress } from '../trainers/run_state.js';
import { checkpointName, isCheckpointName, safeName } from './safe_name.js';
import type { CheckpointStorage } from './storage.js';
import { type DecodedState, readTrainerState } from './trainer_state.js';

/** The file naming the latest checkpoint; written after the checkpoint itself. */
export const LATEST = 'latest.json';

/** Where and how often `Trainer` writes checkpoints. */
export interface CheckpointOptions {
  /** Where the files go: `fileStorage(dir)` from `@tfnlp/train/node`, `memoryStorage()`, or your own. */
  storage: CheckpointStorage;
  /** Write a checkpoint every N optimizer updates (default: never mid-epoch). */
  everySteps?: number;
  /** Write one at the end of every epoch (default true). */
  everyEpoch?: boolean;
  /** How many of the latest checkpoints to keep (default 3; 0 keeps all). */
  keep?: number;
}

/** Saves, rotates and loads trainer checkpoints in one storage. */
export class CheckpointManager {
  readonly storage: CheckpointStorage;
  readonly keep: number;
  private release: (() => Promise<void>) | undefined;

  constructor(options: CheckpointOptions) {
    this.storage = options.storage;
    this.keep = options.keep ?? 3;
    if (!(Number.isInteger(this.keep) && this.keep >= 0)) {
      throw new Error(`Trainer: checkpoint.keep must be an integer >= 0, got ${options.keep}.`);
    }
  }

  /** Takes the storage's writer lock (checks writability, cleans stale temporaries); idempotent. */
  async open(): Promise<void> {
    if (this.release === undefined && this.storage.open) this.release = await this.storage.open();
  }

  /** Releases the lock taken by `open`. */
  async close(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    await release?.();
  }

  /** True between `open` and `close`. */
  get isOpen(): boolean {
    return this.release !== undefined;
  }

  /**
   * Writes `bytes` as the checkpoint of `progress.step`, then `latest.json`, then deletes the
   * checkpoints past `keep` (only our own `step-*.safetensors` names). `progress.checkpoints` is
   * updated in place before encoding, so `encode` sees the list it saves. Returns the file name.
   */
  async save(progress: Progress, encode: () => Uint8Array): Promise<string> {
    const name = checkpointName(progress.step);
    const list = progress.checkpoints;
    const previous = [...list];
    if (!list.includes(name)) list.push(name);
    const removed = this.keep > 0 ? list.splice(0, Math.max(0, list.length - this.keep)) : [];
    try {
      await this.storage.write(name, encode());
    } catch (error) {
      list.splice(0, list.length, ...previous); // not written: the list stays what is on disk
      throw error;
    }
    const latest = {
      name,
      step: progress.step,
      epoch: progress.epoch,
      batchInEpoch: progress.batchInEpoch,
    };
    await this.storage.write(LATEST, new TextEncoder().encode(`${JSON.stringify(latest)}\n`));
    for (const old of removed) {
      if (isCheckpointName(old) && old !== name) await this.storage.remove(old);
    }
    return name;
  }

  /** The name `latest.json` points at, checked to be a bare file name. */
  async latestName(): Promise<string> {
    const bytes = await this.storage.read(LATEST);
    if (bytes === undefined) {
      throw new Error(
        `Trainer: no ${LATEST} in ${this.storage.location}; nothing to resume (start without resume).`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new Error(
        `Trainer: ${this.storage.resolve(LATEST)} is not valid JSON; delete it or resume by name.`,
      );
    }
    const name = (parsed as { name?: unknown } | null)?.name;
    return safeName(name, `the name in ${LATEST}`);
  }

  /** Reads checkpoint `name` (default: the latest) and checks its state; nothing is applied yet. */
  async load(name?: string): Promise<{ name: string; path: string; state: DecodedState }> {
    const file = name === undefined ? await this.latestName() : safeName(name, 'checkpoint name');
    const state = await this.read(file);
    if (state === undefined) {
      throw new Error(`Trainer: checkpoint ${this.storage.resolve(file)} does not exist.`);
    }
    const path = this.storage.resolve(file);
    const bad = firstNonFinite(state.model);
    if (bad !== undefined) {
      const good = await this.lastFinite(state.progress.checkpoints, file);
      throw new Error(
        `Trainer: checkpoint ${path} has NaN or infinite values in '${bad}'; ` +
          (good !== undefined
            ? `resume from the last finite checkpoint, ${this.storage.resolve(good)}.`
            : 'no earlier finite checkpoint is listed: start again without resume.'),
      );
    }
    return { name: file, path, state };
  }

  /** The newest checkpoint of `names` (other than `except`) that exists and is all finite. */
  async lastFinite(names: readonly string[], except: string): Promise<string | undefined> {
    for (const name of [...names].reverse()) {
      if (name === except || !isCheckpointName(name)) continue;
      try {
        const state = await this.read(name);
        if (state !== undefined && firstNonFinite(state.model) === undefined) return name;
      } catch {
        // unreadable: look further back
      }
    }
    return undefined;
  }

  private async read(name: string): Promise<DecodedState | undefined> {
    const bytes = await this.storage.read(name);
    if (bytes === undefined) return undefined;
    const state = readTrainerState(bytes);
    const list = state.progress?.checkpoints;
    if (!Array.isArray(list)) {
      throw new Error(
        `Trainer: checkpoint ${this.storage.resolve(name)} has no checkpoint list (corrupt).`,
      );
    }
    for (const n of list) safeName(n, `the checkpoint list of ${name} names`);
    return state;
  }
}
