import { Encoding } from '../encoding.js';
import type { PostProcessor } from './post_processor.js';

/** A template piece: an input sequence ('A' or 'B') or a special token, each with a type id. */
export type Piece = { sequence: 'A' | 'B'; typeId: number } | { special: string; typeId: number };

/** A special token used by templates: its name and the ids/tokens it expands to. */
export interface SpecialToken {
  id: string;
  ids: number[];
  tokens: string[];
}

/**
 * Parses "[CLS] $A [SEP]" or "[CLS] $A [SEP] $B:1 [SEP]:1": `$A`/`$B` (or `$0`/`$1`, `$` = A)
 * are the inputs, anything else a special token; `:N` sets the type id.
 */
export function parseTemplate(template: string | Piece[]): Piece[] {
  if (Array.isArray(template)) return template;
  return template
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 0)
    .map((p) => {
      const colon = p.lastIndexOf(':');
      let name = p;
      let typeId = 0;
      if (colon > 0 && /^\d+$/.test(p.slice(colon + 1))) {
        name = p.slice(0, colon);
        typeId = Number(p.slice(colon + 1));
      }
      if (name === '$' || name === '$A' || name === '$0') return { sequence: 'A', typeId };
      if (name === '$B' || name === '$1') return { sequence: 'B', typeId };
      if (name.startsWith('$')) {
        throw new Error(
          `template piece ${JSON.stringify(p)}: only $A and $B (or $0, $1) are inputs`,
        );
      }
      return { special: name, typeId };
    });
}

/**
 * Wraps the input(s) in special tokens, BERT-style:
 *   new TemplateProcessing({ single: '[CLS] $A [SEP]', pair: '[CLS] $A [SEP] $B:1 [SEP]:1',
 *     specialTokens: [['[CLS]', 1], ['[SEP]', 2]] })
 * "hi" -> [CLS] hi [SEP]; the pair's second part gets type id 1.
 */
export class TemplateProcessing implements PostProcessor {
  readonly type = 'TemplateProcessing';
  readonly single: Piece[];
  readonly pair: Piece[];
  readonly specialTokens: Map<string, SpecialToken>;

  constructor(options: {
    single: string | Piece[];
    pair?: string | Piece[];
    specialTokens: Array<[string, number] | SpecialToken>;
  }) {
    this.single = parseTemplate(options.single);
    this.pair = parseTemplate(options.pair ?? `${templateString(this.single)} $B:1`);
    this.specialTokens = new Map(
      options.specialTokens.map((t) =>
        Array.isArray(t) ? [t[0], { id: t[0], ids: [t[1]], tokens: [t[0]] }] : [t.id, t],
      ),
    );
    for (const p of [...this.single, ...this.pair]) {
      if ('special' in p && !this.specialTokens.has(p.special)) {
        throw new Error(
          `TemplateProcessing: the template uses ${JSON.stringify(p.special)} but specialTokens does not define it; add [${JSON.stringify(p.special)}, id]`,
        );
      }
    }
    if (!this.single.some((p) => 'sequence' in p && p.sequence === 'A')) {
      throw new Error('TemplateProcessing: the single template must contain $A');
    }
  }

  addedTokens(isPair: boolean): number {
    let n = 0;
    for (const p of isPair ? this.pair : this.single) {
      if ('special' in p) n += this.specialTokens.get(p.special)!.ids.length;
    }
    return n;
  }

  private apply(template: Piece[], a: Encoding, b: Encoding | null, add: boolean): Encoding {
    const out = new Encoding();
    for (const p of template) {
      if ('sequence' in p) {
        const src = p.sequence === 'A' ? a : b;
        if (!src) continue;
        const from = out.length;
        out.append(src);
        out.typeIds.fill(p.typeId, from); // set even without special tokens, as HF does
      } else if (add) {
        const st = this.specialTokens.get(p.special)!;
        st.ids.forEach((id, k) => {
          out.push(id, st.tokens[k]!, [0, 0], null, p.typeId, null, true);
        });
      }
    }
    return out;
  }

  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean): Encoding {
    const template = b ? this.pair : this.single;
    if (
      !b &&
      a.overflowing.length === 0 &&
      this.single.filter((p) => 'sequence' in p).length === 1
    ) {
      return this.applyInPlace(a, addSpecialTokens);
    }
    return Encoding.combine(a, b, (x, y) => this.apply(template, x, y, addSpecialTokens));
  }

  /** The common single-input case without copying the tokens: specials go around `a`. */
  private applyInPlace(a: Encoding, add: boolean): Encoding {
    const at = this.single.findIndex((p) => 'sequence' in p);
    a.typeIds.fill(this.single[at]!.typeId);
    if (!add) return a;
    const before = new Encoding();
    this.single.forEach((p, i) => {
      if (!('special' in p)) return;
      const st = this.specialTokens.get(p.special)!;
      const dst = i < at ? before : a;
      st.ids.forEach((id, k) => {
        dst.push(id, st.tokens[k]!, [0, 0], null, p.typeId, null, true);
      });
    });
    a.prepend(before);
    return a;
  }

  toJSON() {
    const pieces = (t: Piece[]) =>
      t.map((p) =>
        'sequence' in p
          ? { Sequence: { id: p.sequence, type_id: p.typeId } }
          : { SpecialToken: { id: p.special, type_id: p.typeId } },
      );
    const specials: Record<string, SpecialToken> = {};
    for (const [k, v] of this.specialTokens) specials[k] = v;
    return {
      type: this.type,
      single: pieces(this.single),
      pair: pieces(this.pair),
      special_tokens: specials,
    };
  }

  /** The stage from its tokenizer.json object. */
  static fromJSON(o: Record<string, unknown>): TemplateProcessing {
    const pieces = (v: unknown, field: string): Piece[] => {
      if (!Array.isArray(v)) throw new Error(`${field}: expected an array of template pieces`);
      return v.map((x: Record<string, { id: string; type_id: number }>, i: number) => {
        if (x?.Sequence)
          return { sequence: x.Sequence.id === 'B' ? 'B' : 'A', typeId: x.Sequence.type_id ?? 0 };
        if (x?.SpecialToken)
          return { special: x.SpecialToken.id, typeId: x.SpecialToken.type_id ?? 0 };
        throw new Error(`${field}[${i}]: expected {"Sequence": ...} or {"SpecialToken": ...}`);
      });
    };
    const st = (o.special_tokens ?? {}) as Record<string, SpecialToken>;
    return new TemplateProcessing({
      single: pieces(o.single, 'post_processor.single'),
      pair: pieces(o.pair, 'post_processor.pair'),
      specialTokens: Object.values(st).map((t) => ({
        id: t.id,
        ids: [...t.ids],
        tokens: [...t.tokens],
      })),
    });
  }
}

function templateString(t: Piece[]): string {
  return t
    .map((p) => ('sequence' in p ? `$${p.sequence}:${p.typeId}` : `${p.special}:${p.typeId}`))
    .join(' ');
}
