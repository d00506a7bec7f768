/**
 * Saving and loading whole modules: weights as safetensors (PyTorch state-dict names, so
 * `safetensors.torch.load_file` + `load_state_dict` works on the other side) and the
 * architecture as JSON config. Platform-neutral: bytes and strings in, bytes and strings out.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Module, ModuleConfig } from '../core/module.js';
import { buildModule } from './registry.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsEncodeOptions,
} from './safetensors.js';

/** Version of the `{ format, config }` envelope written by `saveModel`. */
export const FORMAT_VERSION = '1';

/** The config envelope of a saved model: what a `model.json` file holds (`JSON.stringify` it). */
export interface SavedModelConfig {
  /** `FORMAT_VERSION` of the writer. */
  format: string;
  /** The module's `getConfig()`: `{ type, options }`. */
  config: ModuleConfig;
}

/** What `saveModel` returns: the config object and the safetensors weights. */
export interface SavedModel {
  /** `{ format, config }`; write it with `JSON.stringify(saved.config)` as model.json. */
  config: SavedModelConfig;
  /** safetensors bytes of the state dict; its metadata also holds the config (as JSON text). */
  weights: Uint8Array;
}

/** Weights of `module` as safetensors bytes (metadata optional; `float16` halves the size). */
export function saveWeights(
  module: Module,
  metadata?: Record<string, string>,
  options: SafetensorsEncodeOptions = {},
): Uint8Array {
  return encodeSafetensors(module.stateDict(), metadata, options);
}

/** Loads safetensors bytes into an existing module (strict: every mismatch throws). */
export function loadWeights(
  module: Module,
  weights: Uint8Array | ArrayBuffer,
  options: { strict?: boolean } = {},
): void {
  const { tensors } = decodeSafetensors(weights);
  try {
    module.loadStateDict(tensors, options);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** A module as JSON config + safetensors weights (the weights carry the config too); `loadModel` rebuilds it. */
export function saveModel(module: Module, options: SafetensorsEncodeOptions = {}): SavedModel {
  const config: SavedModelConfig = { format: FORMAT_VERSION, config: module.getConfig() };
  // safetensors metadata values are strings: the weights carry the config as JSON text.
  const metadata = { format: FORMAT_VERSION, config: JSON.stringify(config) };
  return { config, weights: saveWeights(module, metadata, options) };
}

/**
 * Rebuilds a module from `saveModel` output. `config` is the parsed model.json
 * (`{ format, config }`, or a bare `{ type, options }`); it may be omitted when the weights
 * carry it in their metadata (files written by saveModel do).
 */
export function loadModel(
  weights: Uint8Array | ArrayBuffer,
  config?: SavedModelConfig | ModuleConfig,
): Module {
  const { tensors, metadata } = decodeSafetensors(weights);
  try {
    const cfg = config === undefined ? configFromMetadata(metadata.config) : resolveConfig(config);
    const module = buildModule(cfg);
    module.loadStateDict(tensors);
    return module;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** The config the weights carry in their metadata (JSON text written by saveModel). */
function configFromMetadata(text: string | undefined): ModuleConfig {
  if (text === undefined) {
    throw new Error(
      'loadModel: no config given and the weights carry none in their metadata; pass the parsed model.json.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `loadModel: the config in the weights' metadata is not JSON (${(e as Error).message}); pass the parsed model.json.`,
    );
  }
  return resolveConfig(parsed);
}

function resolveConfig(config: unknown): ModuleConfig {
  if (typeof config === 'string') {
    throw new Error(
      'loadModel: model.json config is a string (JSON text, or JSON encoded twice): pass JSON.parse(text), and re-save a double-encoded model.json with JSON.stringify(saveModel(model).config).',
    );
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(
      'loadModel: config must be an object { format, config: { type, options } } (the parsed model.json).',
    );
  }
  const outer = config as { config?: unknown };
  const cfg = (Object.hasOwn(outer, 'config') ? outer.config : config) as Partial<ModuleConfig>;
  if (
    cfg === null ||
    typeof cfg !== 'object' ||
    typeof cfg.type !== 'string' ||
    cfg.options === null ||
    typeof cfg.options !== 'object'
  ) {
    throw new Error(
      'loadModel: config must be { format, config: { type, options } } (or a bare { type, options }); re-save the model with saveModel.',
    );
  }
  return cfg as ModuleConfig;
}
