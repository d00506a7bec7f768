/**
 * `exportPytorch`: a model as the files PyTorch needs to continue training or serve it:
 * `model.safetensors` (float32, PyTorch state-dict names: tfnlp's own), `config.json` (the
 * tfnlp config) and `model.py` (torch.nn modules that load both with
 * `load_state_dict(strict=True)`).
 */
import type { Module } from '../core/module.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { MODEL_PY } from './model_py.js';

/** Model types `model.py` has modules for. */
const PYTORCH_TYPES = new Set([
  'BagClassifier',
  'RNNClassifier',
  'TransformerClassifier',
  'CausalLM',
]);

/** The files of a PyTorch export, by file name. */
export interface PytorchExport {
  /** safetensors bytes of the state dict (float32). */
  'model.safetensors': Uint8Array;
  /** JSON `{ type, options }` that `model.load(folder)` builds the module from. */
  'config.json': string;
  /** Python source of the torch.nn modules. */
  'model.py': string;
}

/** The PyTorch files of `model` (a BagClassifier, RNNClassifier, TransformerClassifier or CausalLM). */
export function exportPytorch(model: Module): PytorchExport {
  const config = model.getConfig();
  if (!PYTORCH_TYPES.has(config.type)) {
    throw new Error(
      `exportPytorch: model.py has no module for ${config.type}; export a BagClassifier, RNNClassifier, TransformerClassifier or CausalLM.`,
    );
  }
  return {
    'model.safetensors': encodeSafetensors(model.stateDict(), { format: 'pt' }),
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
    'model.py': MODEL_PY,
  };
}
