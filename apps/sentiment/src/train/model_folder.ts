/**
 * The output folder of `train`, written so that it is always the old model or the new one, never
 * a mix (issue #18): the writer lock is held for the whole run (a second trainer into the same
 * --out gets a clear error), the state of the run in progress (run.json, tokenizer.json and the
 * training checkpoints) lives in OUT/checkpoints, and each saved model (weights, config,
 * tokenizer, record, run.json) is staged in a temporary sibling that replaces OUT by renames
 * (@tfnlp/core/node's commitFolder). Ctrl-C or a kill before the first save leaves the old
 * model's files untouched; temporaries of a killed run are cleaned by the next one.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  acquireLock,
  assertWritable,
  cleanStaleTemps,
  commitFolder,
  createStagingFolder,
  type FolderLock,
  LOCK_FILE,
  writeFileAtomic,
} from '@tfnlp/core/node';
import { InputError, messageOf } from '../errors.js';
import { CONFIG_FILE, RECORD_FILE, TOKENIZER_FILE, WEIGHTS_FILE } from '../model.js';

/** Settings of a run, in the model folder and in OUT/checkpoints (for --resume). */
export const RUN_FILE = 'run.json';
/** The training state of the run in progress (checkpoints, run.json, tokenizer.json). */
export const CHECKPOINTS_DIR = 'checkpoints';
/** Files a model folder may hold: anything else in an existing --out means it is not one. */
const MODEL_ENTRIES = new Set([
  WEIGHTS_FILE,
  CONFIG_FILE,
  TOKENIZER_FILE,
  RECORD_FILE,
  RUN_FILE,
  CHECKPOINTS_DIR,
  LOCK_FILE,
]);

const OLD_TEMP = /^[a-z]+\.(json|safetensors)\.tmp-\d+$/;

/** The held output folder of one training run. */
export class ModelFolder {
  private constructor(
    readonly dir: string,
    private readonly lock: FolderLock,
  ) {}

  /** OUT/checkpoints: the checkpoint storage folder and the run's state. */
  get stateDir(): string {
    return join(this.dir, CHECKPOINTS_DIR);
  }

  /**
   * Before any data is read: tidies what a killed run left (a folder moved aside mid-swap is put
   * back), checks that OUT can be written, refuses a folder that holds other things than a model,
   * and takes OUT's writer lock.
   */
  static async open(dir: string): Promise<ModelFolder> {
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new InputError(`--out ${dir} is a file; give a folder for the model.`);
    }
    try {
      await assertWritable(dirname(dir));
      await cleanStaleTemps(dirname(dir));
      await assertWritable(dir);
      await cleanStaleTemps(dir);
    } catch (e) {
      throw new InputError(messageOf(e));
    }
    // Temporaries of the writer before @tfnlp/core's (`<file>.tmp-<pid>`) are stale by now.
    for (const name of readdirSync(dir)) {
      if (OLD_TEMP.test(name)) rmSync(join(dir, name), { force: true });
    }
    const foreign = readdirSync(dir).filter((n) => !MODEL_ENTRIES.has(n));
    if (foreign.length > 0) {
      throw new InputError(
        `--out ${dir} holds other files than a model (${foreign.slice(0, 3).join(', ')}); choose a new or empty folder.`,
      );
    }
    try {
      return new ModelFolder(dir, await acquireLock(dir));
    } catch (e) {
      throw new InputError(`cannot train into ${dir}: ${messageOf(e)}`);
    }
  }

  /** A new run starts with an empty state folder (the previous run's checkpoints do not fit its vocabulary). */
  resetState(): boolean {
    const had = existsSync(this.stateDir);
    rmSync(this.stateDir, { recursive: true, force: true });
    mkdirSync(this.stateDir, { recursive: true });
    return had;
  }

  /** Writes a file of the run's state (OUT/checkpoints/name) atomically. */
  async writeState(name: string, data: string | Uint8Array): Promise<void> {
    await writeFileAtomic(join(this.stateDir, name), data);
  }

  /**
   * Replaces the model files of OUT as a unit: `files` are written into a staged sibling folder,
   * the state folder and the lock are hard-linked into it (no copy of the checkpoints), then the
   * staged folder takes OUT's place.
   */
  async saveModel(files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
    const staged = await createStagingFolder(this.dir);
    try {
      for (const [name, data] of files) await writeFileAtomic(join(staged, name), data);
      for (const name of readdirSync(this.dir)) {
        if (!files.has(name) && (name === CHECKPOINTS_DIR || name === LOCK_FILE)) {
          await linkTree(join(this.dir, name), join(staged, name));
        }
      }
    } catch (error) {
      rmSync(staged, { recursive: true, force: true });
      throw error;
    }
    await commitFolder(staged, this.dir);
  }

  /** Releases the writer lock. */
  async close(): Promise<void> {
    await this.lock.release();
  }
}

/** Hard links `src` (a file, or a folder recursively) at `dst`; copies when links are refused. */
async function linkTree(src: string, dst: string): Promise<void> {
  if (statSync(src).isDirectory()) {
    mkdirSync(dst);
    for (const name of readdirSync(src)) await linkTree(join(src, name), join(dst, name));
    return;
  }
  try {
    linkSync(src, dst);
  } catch {
    await copyFile(src, dst);
  }
}
