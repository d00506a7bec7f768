import { Encoding } from '../encoding.js';
import { classify, SPACE } from '../unicode.js';
import type { PostProcessor } from './post_processor.js';

const SPACE_CHAR = 0x120; // 'Ġ', the byte-level form of ' '
const isSpaceUnit = (c: number) =>
  c === SPACE_CHAR || c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && (classify(c) & SPACE) !== 0);

/** Moves offsets past the leading/trailing spaces ('Ġ') a byte-level token carries. */
export function trimByteLevelOffsets(e: Encoding, addPrefixSpace: boolean): void {
  for (let i = 0; i < e.length; i++) {
    const t = e.tokens[i]!;
    // Every space char is one UTF-16 code unit, so counting code units counts chars.
    let lead = 0;
    while (lead < t.length && isSpaceUnit(t.charCodeAt(lead))) lead++;
    let trail = 0;
    while (trail < t.length && isSpaceUnit(t.charCodeAt(t.length - 1 - trail))) trail++;
    if (lead === 0 && trail === 0) continue;
    const o: [number, number] = [e.offsets[i]![0], e.offsets[i]![1]];
    if (lead > 0) {
      // The space we added ourselves in front of the first word spans no original text to trim.
      const isFirst = i === 0 || o[0] === 0;
      if (!(isFirst && addPrefixSpace && lead === 1)) o[0] = Math.min(o[0] + lead, o[1]);
    }
    if (trail > 0 && o[1] >= trail) o[1] = Math.max(o[1] - trail, o[0]);
    e.offsets[i] = o;
  }
  for (const ov of e.overflowing) trimByteLevelOffsets(ov, addPrefixSpace);
}

/**
 * Post-processor for byte-level BPE: with `trimOffsets`, the offsets of "Ġworld" cover
 * "world", not " world". Adds no special tokens; a pair is concatenated.
 */
export class ByteLevelProcessing implements PostProcessor {
  readonly type = 'ByteLevel';

  constructor(
    readonly trimOffsets = true,
    readonly addPrefixSpace = true,
  ) {}

  addedTokens(): number {
    return 0;
  }

  process(a: Encoding, b: Encoding | null): Encoding {
    if (this.trimOffsets) {
      trimByteLevelOffsets(a, this.addPrefixSpace);
      if (b) trimByteLevelOffsets(b, this.addPrefixSpace);
    }
    return b ? Encoding.combine(a, b, Encoding.concat) : a;
  }

  toJSON() {
    return {
      type: this.type,
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: true,
    };
  }
}
