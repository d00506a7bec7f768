/**
 * @tfnlp/layers/export/node: export a saved model folder (model.json + model.safetensors +
 * tokenizer.json, as the apps write it) to an ONNX or PyTorch folder with node:fs. A tfjs
 * backend must be ready first (e.g. `await initWasm()` of @tfnlp/backend-wasm).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ModuleConfig } from '../core/module.js';
import { loadModel } from '../io/serialization.js';
import { exportOnnx } from './export_onnx.js';
import { exportPytorch } from './export_pytorch.js';

/** Options of `exportModelFolder`. */
export interface ExportFolderOptions {
  /** 'onnx' (default): model.onnx; 'pytorch': model.safetensors + config.json + model.py. */
  format?: 'onnx' | 'pytorch';
  /** ONNX opset (default 17). */
  opset?: number;
  /** Extra ONNX metadata_props (e.g. `{ labels: JSON.stringify(labels) }`). */
  metadata?: Record<string, string>;
  /** Files of the model folder copied beside the export when present (default: tokenizer.json, info.json, training.json). */
  copy?: string[];
}

/** What `exportModelFolder` wrote. */
export interface ExportFolderResult {
  /** Paths of the files written, in order. */
  files: string[];
  /** The exported model's config. */
  config: ModuleConfig;
}

/** model.json may hold the config object or, as the news app writes it, that JSON as a string. */
function readConfig(path: string): ModuleConfig | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  const envelope = parsed as { config?: ModuleConfig } & Partial<ModuleConfig>;
  return envelope.config ?? (envelope as ModuleConfig);
}

/** Writes `data` to `path` through a temporary name, so a failure never leaves half a file. */
function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Exports the model of folder `dir` (model.safetensors, model.json) into `outDir` as ONNX
 * (`model.onnx`) or PyTorch files, with the folder's tokenizer.json (and info/training
 * records) copied beside it, so the export holds the whole text -> logits pipeline.
 */
export function exportModelFolder(
  dir: string,
  outDir: string,
  options: ExportFolderOptions = {},
): ExportFolderResult {
  const weightsPath = join(dir, 'model.safetensors');
  if (!existsSync(weightsPath)) {
    throw new Error(`exportModelFolder: ${weightsPath} not found; pass a tfnlp model folder.`);
  }
  const config = readConfig(join(dir, 'model.json'));
  const model = loadModel(readFileSync(weightsPath), config);
  try {
    model.eval();
    mkdirSync(outDir, { recursive: true });
    const files: string[] = [];
    const write = (name: string, data: Uint8Array | string) => {
      const path = join(outDir, name);
      writeAtomic(path, data);
      files.push(path);
    };
    if ((options.format ?? 'onnx') === 'onnx') {
      const opts = { ...(options.opset ? { opset: options.opset } : {}) };
      write('model.onnx', exportOnnx(model, { ...opts, metadata: options.metadata ?? {} }));
    } else {
      for (const [name, data] of Object.entries(exportPytorch(model))) write(name, data);
    }
    for (const name of options.copy ?? ['tokenizer.json', 'info.json', 'training.json']) {
      if (!existsSync(join(dir, name))) continue;
      const tmp = join(outDir, `${name}.${process.pid}.tmp`);
      copyFileSync(join(dir, name), tmp);
      renameSync(tmp, join(outDir, name));
      files.push(join(outDir, name));
    }
    return { files, config: model.getConfig() };
  } finally {
    model.dispose();
  }
}
