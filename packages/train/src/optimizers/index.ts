import { Adam, type AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import { SGD, type SGDOptions } from './sgd.js';

/** A plain-data optimizer description for `createOptimizer` (e.g. from a JSON run file). */
export type OptimizerConfig =
  | ({ type: 'sgd' } & SGDOptions)
  | ({ type: 'adam' } & AdamOptions)
  | ({ type: 'adamw' } & AdamOptions);

/** Builds an optimizer from a plain config, e.g. `{ type: 'adamw', lr: 1e-3 }`. */
export function createOptimizer(config: OptimizerConfig): Optimizer {
  const { type, ...options } = config;
  switch (type) {
    case 'sgd':
      return new SGD(options);
    case 'adam':
      return new Adam(options);
    case 'adamw':
      return new AdamW(options);
    default:
      throw new Error(
        `createOptimizer: unknown type '${type as string}'; use 'sgd', 'adam' or 'adamw'.`,
      );
  }
}
