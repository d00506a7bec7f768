import type { NormalizedString } from '../normalized_string.js';
import type { Normalizer } from './normalizer.js';

/**
 * Puts a string in front of non-empty input (HF `Prepend`; llama-2 prepends '▁'):
 * Prepend('▁'): "Hey" -> "▁Hey", the '▁' aligned with 'H'.
 */
export class Prepend implements Normalizer {
  readonly type = 'Prepend';

  constructor(readonly prepend: string) {}

  normalize(ns: NormalizedString): NormalizedString {
    return ns.prepend(this.prepend);
  }

  toJSON() {
    return { type: this.type, prepend: this.prepend };
  }
}
