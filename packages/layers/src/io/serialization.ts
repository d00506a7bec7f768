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

/** What `saveModel` returns: the JSON config and the safetensors weights. */
export interface SavedModel {
  /** JSON text of `{ format, config }`. */
  config: string;
  /** safetensors bytes of the state dict; its metadata also holds the config. */
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
  const config = JSON.stringify({ format: FORMAT_VERSION, config: module.getConfig() });
  return { config, weights: saveWeights(module, { format: FORMAT_VERSION, config }, options) };
}

/**
 * Rebuilds a module from `saveModel` output. `config` may be omitted when the weights
 * carry it in their metadata (files written by saveModel do).
 */
export function loadModel(
  weights: Uint8Array | ArrayBuffer,
  config?: string | ModuleConfig,
): Module {
  const { tensors, metadata } = decodeSafetensors(weights);
  try {
    const cfg = resolveConfig(config ?? metadata.config);
    const module = buildModule(cfg);
    module.loadStateDict(tensors);
    return module;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

function resolveConfig(config: string | ModuleConfig | undefined): ModuleConfig {
  if (config === undefined) {
    throw new Error(
      'loadModel: no config given and the weights carry none in their metadata; pass the config JSON.',
    );
  }
  const parsed = (
    typeof config === 'string' ? JSON.parse(config) : config
  ) as Partial<ModuleConfig> & {
    config?: ModuleConfig;
  };
  const cfg = (parsed.config ?? parsed) as ModuleConfig;
  if (typeof cfg.type !== 'string' || typeof cfg.options !== 'object') {
    throw new Error(
      'loadModel: config must be { type, options } (or { format, config: { type, options } }).',
    );
  }
  return cfg;
}
