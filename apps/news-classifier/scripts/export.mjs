#!/usr/bin/env node
// Exports a news model folder for other runtimes: ONNX (model.onnx; inputs input_ids and
// attention_mask, int64 [batch, sequence]; output logits [batch, labels]) or PyTorch
// (model.safetensors + config.json + model.py), with the folder's Hugging Face tokenizer.json
// and info.json (labels, maxLength) beside it.
//
//   node apps/news-classifier/scripts/export.mjs bbc --out DIR [--format onnx|pytorch] [--opset 17]
//   node apps/news-classifier/scripts/export.mjs path/to/model-folder --out DIR
//
// Needs @tfnlp/layers built (`pnpm build`).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initWasm } from '@tfnlp/backend-wasm';
import { exportModelFolder } from '@tfnlp/layers/export/node';

const USAGE =
  'usage: node apps/news-classifier/scripts/export.mjs bbc|20news|MODEL_DIR --out DIR [--format onnx|pytorch] [--opset N]';

/**
 * Prints one error line and exits.
 * @param {string} message
 * @returns {never}
 */
function fail(message, code = 1) {
  console.error(`error: ${message}`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      format: { type: 'string', default: 'onnx' },
      opset: { type: 'string', default: '17' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  fail(`${/** @type {Error} */ (e).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1 || !values.out) fail(USAGE);
if (values.format !== 'onnx' && values.format !== 'pytorch') {
  fail(`--format must be onnx or pytorch, got '${values.format}'.`);
}
const opset = Number(values.opset);
if (!Number.isInteger(opset) || opset < 17)
  fail(`--opset must be an integer >= 17, got '${values.opset}'.`);

const [source = ''] = positionals;
const shipped = join(import.meta.dirname, '..', 'public', 'models', source);
const dir = /^[\w-]+$/.test(source) && existsSync(shipped) ? shipped : resolve(source);
if (!existsSync(join(dir, 'info.json'))) {
  fail(`${dir} is not a news model folder (no info.json); pass bbc, 20news or a folder.`, 2);
}
const info = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8'));
await initWasm();
try {
  const { files } = exportModelFolder(dir, resolve(values.out ?? ''), {
    format: values.format,
    opset,
    metadata: { labels: JSON.stringify(info.labels), max_length: String(info.maxLength) },
    copy: ['tokenizer.json', 'info.json'],
  });
  for (const f of files) console.log(`wrote ${f}`);
} catch (e) {
  fail(/** @type {Error} */ (e).message, 2);
}
