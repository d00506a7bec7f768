/**
 * `tfnlp-sentiment export`: the model folder as ONNX (model.onnx for ONNX Runtime in Node,
 * Python or the browser) or as PyTorch files (model.safetensors + config.json + model.py),
 * with tokenizer.json and training.json beside it.
 */
import { parseArgs } from 'node:util';
import { EXIT_OK, InputError, messageOf, UsageError } from './errors.js';
import { loadModelDir } from './model.js';
import type { Out } from './output.js';

export const EXPORT_HELP = `Usage: tfnlp-sentiment export --out DIR [options]

Writes the model for other runtimes. onnx: DIR/model.onnx (inputs input_ids and attention_mask,
int64 [batch, sequence]; output logits [batch, 2]: negative, positive). pytorch:
DIR/model.safetensors + config.json + model.py (torch.nn modules; model.load(DIR)).
tokenizer.json (the word-level preset: words, and word bigrams with WordNGrams) and training.json are copied beside it.

Options:
  --out DIR          where the files go (created if needed)
  --format NAME      onnx (default) | pytorch
  --opset N          ONNX opset (default 17)
  --model DIR        model folder (default: the shipped model)
  -h, --help         this help`;

/** Runs `export` with the arguments after the command name; `init` starts the tfjs backend. */
export async function exportCommand(
  args: string[],
  o: { stdout: Out; defaultModelDir: string; init: () => Promise<void> },
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        format: { type: 'string' },
        opset: { type: 'string' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        verbose: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(`export: ${messageOf(e)} (see 'tfnlp-sentiment export --help')`);
  }
  if (values.help) {
    o.stdout.write(`${EXPORT_HELP}\n`);
    return EXIT_OK;
  }
  const out = values.out as string | undefined;
  if (!out)
    throw new UsageError("export: --out DIR is required (see 'tfnlp-sentiment export --help')");
  const format = (values.format as string | undefined) ?? 'onnx';
  if (format !== 'onnx' && format !== 'pytorch') {
    throw new UsageError(`export: --format must be onnx or pytorch, got '${format}'.`);
  }
  const opset = values.opset === undefined ? 17 : Number(values.opset);
  if (!Number.isInteger(opset) || opset < 17) {
    throw new UsageError(`export: --opset must be an integer >= 17, got '${values.opset}'.`);
  }
  const modelDir = (values.model as string | undefined) ?? o.defaultModelDir;
  await o.init();
  const { exportModelFolder } = await import('@tfnlp/layers/export/node');
  const loaded = loadModelDir(modelDir); // checks the folder and reads labels / maxLength
  loaded.model.dispose();
  let files: string[];
  try {
    ({ files } = exportModelFolder(modelDir, out, {
      format,
      opset,
      metadata: {
        labels: JSON.stringify(loaded.record.labels),
        max_length: String(loaded.record.maxLength),
        tokenizer: 'tokenizer.json (@tfnlp/tokenizers word-level preset with WordNGrams)',
      },
      copy: ['tokenizer.json', 'training.json'],
    }));
  } catch (e) {
    throw new InputError(`export: ${messageOf(e)}`);
  }
  for (const f of files) o.stdout.write(`wrote ${f}\n`);
  return EXIT_OK;
}
