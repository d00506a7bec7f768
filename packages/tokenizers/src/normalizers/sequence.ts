import type { NormalizedString } from '../normalized_string.js';
import type { Normalizer } from './normalizer.js';

/** Runs normalizers in order: Sequence([NFD(), StripAccents(), Lowercase()]): 'Café' -> 'cafe'. */
export class NormalizerSequence implements Normalizer {
  readonly type = 'Sequence';

  constructor(readonly normalizers: Normalizer[]) {}

  normalize(ns: NormalizedString): NormalizedString {
    for (const n of this.normalizers) ns = n.normalize(ns);
    return ns;
  }

  toJSON() {
    return { type: this.type, normalizers: this.normalizers.map((n) => n.toJSON()) };
  }
}
