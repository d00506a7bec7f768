/**
 * The model trained in this browser, kept across reloads: its files (the four of a shipped model
 * folder) are stored in IndexedDB by "Use this model" and loaded again on the next visit. One
 * model is kept; the next "Use this model" replaces it, "Forget" removes it.
 */
import { loadNewsModel, type NewsModel } from '../model.js';
import type { TrainedFiles } from './session.js';

const DB_NAME = 'tfnlp-news-classifier';
const STORE = 'models';
const KEY = 'trained-in-browser';

/** Loads a model from its files (as the worker sent them, or as kept). */
export function modelFromFiles(files: TrainedFiles): Promise<NewsModel> {
  return loadNewsModel(async (name) => {
    const content = files[name as keyof TrainedFiles];
    if (content === undefined) throw new Error(`the trained model has no ${name}`);
    return {
      text: async () => (typeof content === 'string' ? content : new TextDecoder().decode(content)),
      bytes: async () =>
        typeof content === 'string' ? new TextEncoder().encode(content) : content,
    };
  });
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('this browser has no IndexedDB'));
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs one request in a transaction and resolves when the transaction has committed. */
async function inStore<T>(
  mode: IDBTransactionMode,
  make: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = make(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('the IndexedDB transaction was aborted'));
    });
  } finally {
    db.close();
  }
}

/** Keeps `files` as the model trained in this browser (replacing the one kept before). */
export async function keepTrainedFiles(files: TrainedFiles): Promise<void> {
  await inStore('readwrite', (store) => store.put(files, KEY));
}

/** The kept model's files, or null when none is kept. */
export async function keptTrainedFiles(): Promise<TrainedFiles | null> {
  const files = await inStore('readonly', (store) => store.get(KEY) as IDBRequest<TrainedFiles>);
  return files ?? null;
}

/** Whether a model trained in this browser is kept (without reading its files). */
export async function hasKeptModel(): Promise<boolean> {
  return (await inStore('readonly', (store) => store.count(KEY))) > 0;
}

/** Removes the kept model from this browser (a model in use on the page stays usable). */
export async function forgetTrainedFiles(): Promise<void> {
  await inStore('readwrite', (store) => store.delete(KEY));
}
