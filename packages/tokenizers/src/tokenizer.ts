import { type AddedToken, AddedTokenMatcher } from './added_tokens.js';
import type { Decoder } from './decoders/decoder.js';
import { Encoding, type PaddingDirection, type TruncationDirection } from './encoding.js';
import type { Model } from './models/model.js';
import { NormalizedString } from './normalized_string.js';
import type { Normalizer } from './normalizers/normalizer.js';
import type { PreTokenizer } from './pre_tokenizers/pre_tokenizer.js';
import type { PostProcessor } from './processors/post_processor.js';
import type { Trainer, TrainResult } from './trainers/trainer.js';
import { countWords, countWordsAsync } from './trainers/word_counts.js';
import { loneSurrogateIndex, toWellFormed } from './unicode.js';

/** Truncation settings (HF `truncation`). */
export interface TruncationOptions {
  maxLength: number;
  /** Tokens shared by consecutive overflowing windows. Default 0. */
  stride?: number;
  /** Which input loses tokens in a pair. Default 'longestFirst'. */
  strategy?: 'longestFirst' | 'onlyFirst' | 'onlySecond';
  /** Cut the end ('right', default) or the start ('left'). */
  direction?: TruncationDirection;
}

/** Padding settings (HF `padding`). */
export interface PaddingOptions {
  /** 'longest' pads a batch to its longest encoding; a number pads to that fixed length. Default 'longest'. */
  length?: 'longest' | number;
  direction?: PaddingDirection;
  /** Round the target length up to a multiple of this. */
  padToMultipleOf?: number | null;
  padId?: number;
  padTypeId?: number;
  padToken?: string;
}

/** Options of encode / encodeBatch. */
export interface EncodeOptions {
  /** Let the post-processor add [CLS]/[SEP] etc. Default true. */
  addSpecialTokens?: boolean;
  /**
   * What to do with lone UTF-16 surrogates: 'replace' them with U+FFFD (default; one code
   * unit for one, so offsets stay exact, and what HF's binding sees) or throw an 'error'.
   */
  invalidUtf16?: 'replace' | 'error';
}

/** What `Tokenizer.encodeIds` returns: per token, its id and original `[start, end)`. */
export interface EncodedIds {
  ids: number[];
  /** Start of each token in the original text (`encode`'s `offsets[i][0]`). */
  starts: number[];
  /** End of each token in the original text (`encode`'s `offsets[i][1]`). */
  ends: number[];
}

/** Receives one token: id, value, original span and word index. */
type TokenSink = (id: number, value: string, start: number, end: number, word: number) => void;

/** One input of encodeBatch: a string or a pair of strings. */
export type EncodeInput = string | [string, string];

/** `T` with every option filled in. */
export type Resolved<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/**
 * The pipeline: normalizer -> pre-tokenizer -> model -> post-processor (-> decoder for decode).
 *
 *   const tok = new Tokenizer(new WordPiece(vocab));
 *   tok.normalizer = new BertNormalizer();
 *   tok.preTokenizer = new BertPreTokenizer();
 *   tok.encode('Héllo!').tokens   // ['hello', '!'], offsets [[0, 5], [5, 6]]
 */
export class Tokenizer {
  normalizer: Normalizer | null = null;
  preTokenizer: PreTokenizer | null = null;
  postProcessor: PostProcessor | null = null;
  decoder: Decoder | null = null;
  private added: AddedToken[] = [];
  private addedSorted = true;
  private addedById = new Map<number, AddedToken>();
  private addedByContent = new Map<string, AddedToken>();
  /** Matchers built on first use: raw-text tokens, and normalized tokens for `matchersFor`. */
  private rawMatcher: AddedTokenMatcher | null = null;
  private normMatcher: AddedTokenMatcher | null = null;
  private matchersFor: Normalizer | null | undefined = undefined;
  /** Normalized content of normalized added tokens (what decode shows, as HF's cache). */
  private normalizedContent = new Map<AddedToken, string>();
  private truncationParams: Resolved<TruncationOptions> | null = null;
  private paddingParams: Resolved<PaddingOptions> | null = null;

  constructor(public model: Model) {}

  /** Tokens matched verbatim in the input, before normalization (in id order). */
  get addedTokens(): AddedToken[] {
    return this.sortedAdded().map((t) => ({ ...t }));
  }

  private sortedAdded(): AddedToken[] {
    if (!this.addedSorted) {
      this.added.sort((a, b) => a.id - b.id);
      this.addedSorted = true;
    }
    return this.added;
  }

  /**
   * Registers special tokens (skipped by decode): their model id if the vocabulary has
   * them, else the next free id. Returns how many were new.
   */
  addSpecialTokens(tokens: string[]): number {
    return this.addTokens(tokens, true);
  }

  /** Registers added tokens; see addSpecialTokens. */
  addTokens(tokens: string[], special = false): number {
    let n = 0;
    for (const content of tokens) {
      if (content.length === 0) throw new Error('addTokens: an added token cannot be empty');
      const existing = this.addedByContent.get(content);
      if (existing) {
        existing.special ||= special;
        continue;
      }
      let id = this.model.tokenToId(content);
      if (id === undefined) {
        id = Math.max(this.model.vocabSize, ...this.added.map((t) => t.id + 1));
      }
      // As HF's AddedToken::from(content, special): plain added tokens match normalized text.
      this.registerAdded({ id, content, special, normalized: !special });
      n++;
    }
    return n;
  }

  /** Internal: used by tokenizer.json loading, keeps the file's ids and flags. */
  registerAdded(t: AddedToken): void {
    const old = this.addedByContent.get(t.content);
    if (old) {
      // Registered again (HF: same content, new flags): the new entry replaces it.
      this.added = this.added.filter((x) => x !== old);
      if (this.addedById.get(old.id) === old) this.addedById.delete(old.id);
    }
    const last = this.added[this.added.length - 1];
    if (last && last.id > t.id) this.addedSorted = false;
    this.added.push(t);
    this.addedById.set(t.id, t);
    this.addedByContent.set(t.content, t);
    this.matchersFor = undefined;
  }

  /**
   * The two added-token matchers of HF's AddedVocabulary: tokens with `normalized: false`
   * are found in the raw input, the others (their content normalized) in normalized text.
   */
  private matchers(): [AddedTokenMatcher, AddedTokenMatcher] {
    if (this.matchersFor !== this.normalizer || !this.rawMatcher || !this.normMatcher) {
      const raw: AddedToken[] = [];
      const norm: AddedToken[] = [];
      const patterns = new Map<AddedToken, string>();
      for (const t of this.sortedAdded()) {
        if (t.normalized === true) {
          norm.push(t);
          if (this.normalizer) {
            patterns.set(t, this.normalizer.normalize(NormalizedString.from(t.content)).normalized);
          }
        } else raw.push(t);
      }
      this.rawMatcher = new AddedTokenMatcher(raw);
      this.normMatcher = new AddedTokenMatcher(norm, patterns);
      this.normalizedContent = patterns;
      this.matchersFor = this.normalizer;
    }
    return [this.rawMatcher, this.normMatcher];
  }

  /** Turns truncation on (or off with null); the post-processor's special tokens count towards maxLength. */
  setTruncation(options: TruncationOptions | null): this {
    if (options === null) {
      this.truncationParams = null;
      return this;
    }
    if (!Number.isInteger(options.maxLength) || options.maxLength < 0) {
      throw new Error(`setTruncation: maxLength must be an integer >= 0, got ${options.maxLength}`);
    }
    this.truncationParams = {
      maxLength: options.maxLength,
      stride: options.stride ?? 0,
      strategy: options.strategy ?? 'longestFirst',
      direction: options.direction ?? 'right',
    };
    return this;
  }

  /** Current truncation settings, or null. */
  get truncation(): Readonly<Resolved<TruncationOptions>> | null {
    return this.truncationParams;
  }

  /** Turns padding on (or off with null). */
  setPadding(options: PaddingOptions | null): this {
    if (options === null) {
      this.paddingParams = null;
      return this;
    }
    this.paddingParams = {
      length: options.length ?? 'longest',
      direction: options.direction ?? 'right',
      padToMultipleOf: options.padToMultipleOf ?? null,
      padId: options.padId ?? 0,
      padTypeId: options.padTypeId ?? 0,
      padToken: options.padToken ?? '[PAD]',
    };
    return this;
  }

  /** Current padding settings, or null. */
  get padding(): Readonly<Resolved<PaddingOptions>> | null {
    return this.paddingParams;
  }

  /** Token -> id, added tokens included. */
  tokenToId(token: string): number | undefined {
    return this.addedByContent.get(token)?.id ?? this.model.tokenToId(token);
  }

  /** Id -> token, added tokens included. */
  idToToken(id: number): string | undefined {
    return this.addedById.get(id)?.content ?? this.model.idToToken(id);
  }

  /** Vocabulary size, counting added tokens the model does not have unless told not to. */
  getVocabSize(withAddedTokens = true): number {
    if (!withAddedTokens) return this.model.vocabSize;
    let extra = 0;
    for (const t of this.added) if (this.model.idToToken(t.id) !== t.content) extra++;
    return this.model.vocabSize + extra;
  }

  /** Normalized text of `text` (what the pre-tokenizer sees). */
  normalize(text: string): string {
    const ns = NormalizedString.from(text);
    return (this.normalizer ? this.normalizer.normalize(ns) : ns).normalized;
  }

  /** Words after normalization and pre-tokenization, with their original offsets. */
  preTokenize(text: string): Array<[string, [number, number]]> {
    let ns = NormalizedString.from(text);
    if (this.normalizer) ns = this.normalizer.normalize(ns);
    const words = this.preTokenizer ? this.preTokenizer.preTokenize([ns]) : [ns];
    return words.map((w) => [w.normalized, w.offsets(0, w.length)]);
  }

  /**
   * Encodes one input (or a pair): ids, tokens, offsets into the original string(s),
   * masks, word ids and type ids; then truncation, special tokens and padding.
   */
  encode(text: string, pair: string | null = null, options: EncodeOptions = {}): Encoding {
    const add = options.addSpecialTokens ?? true;
    const a = this.encodeSequenceEncoding(checkInput(text, 'text', options), 0);
    const b =
      pair === null || pair === undefined
        ? null
        : this.encodeSequenceEncoding(checkInput(pair, 'pair', options), 1);
    const enc = this.postProcess(a, b, add);
    const p = this.paddingParams;
    if (p) this.padEncodings([enc], p.length === 'longest' ? enc.length : p.length);
    return enc;
  }

  /** Encodes many inputs; with padding 'longest', pads them all to the longest. */
  encodeBatch(inputs: EncodeInput[], options: EncodeOptions = {}): Encoding[] {
    if (!Array.isArray(inputs))
      throw new TypeError('encodeBatch: expected an array of strings or [string, string] pairs');
    const saved = this.paddingParams;
    this.paddingParams = null;
    let encs: Encoding[];
    try {
      encs = inputs.map((x) =>
        Array.isArray(x) ? this.encode(x[0], x[1], options) : this.encode(x, null, options),
      );
    } finally {
      this.paddingParams = saved;
    }
    if (saved) {
      const target =
        saved.length === 'longest' ? Math.max(0, ...encs.map((e) => e.length)) : saved.length;
      this.padEncodings(encs, target);
    }
    return encs;
  }

  /** Ids -> text through the decoder (tokens joined by spaces without one). */
  decode(ids: number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const skip = options.skipSpecialTokens ?? true;
    const tokens: string[] = [];
    for (const id of ids) {
      const added = this.addedById.get(id);
      if (added) {
        if (skip && added.special) continue;
        if (added.normalized) this.matchers(); // refreshes normalizedContent if stale
        tokens.push(this.normalizedContent.get(added) ?? added.content);
        continue;
      }
      const t = this.model.idToToken(id);
      if (t !== undefined) tokens.push(t);
    }
    return this.decoder ? this.decoder.decode(tokens) : tokens.join(' ');
  }

  /** decode for many id sequences. */
  decodeBatch(batch: number[][], options: { skipSpecialTokens?: boolean } = {}): string[] {
    return batch.map((ids) => this.decode(ids, options));
  }

  /**
   * Learns a new model from `texts` with `trainer` (words come from this tokenizer's
   * normalizer and pre-tokenizer), then registers the trainer's special tokens.
   */
  train(texts: Iterable<string>, trainer: Trainer): this {
    return this.applyTraining(trainer.train(countWords(this, texts)));
  }

  /** `train` for async iterables (e.g. a stream of dataset rows). */
  async trainAsync(
    texts: AsyncIterable<string> | Iterable<string>,
    trainer: Trainer,
  ): Promise<this> {
    return this.applyTraining(trainer.train(await countWordsAsync(this, texts)));
  }

  private applyTraining(result: TrainResult): this {
    this.model = result.model;
    this.added = [];
    this.matchersFor = undefined;
    this.addedById.clear();
    this.addedByContent.clear();
    this.addSpecialTokens(result.specialTokens);
    return this;
  }

  /**
   * `encode(text).ids` with each token's original `[start, end)`, without building tokens,
   * masks or an Encoding: what id-only readers (classifiers) need. Tokenizers with a
   * post-processor, truncation or padding take the full `encode` path, so ids always equal
   * `encode(text, null, options)`'s.
   */
  encodeIds(text: string, options: EncodeOptions = {}): EncodedIds {
    if (this.postProcessor || this.truncationParams || this.paddingParams) {
      const enc = this.encode(text, null, options);
      return {
        ids: enc.ids,
        starts: enc.offsets.map((o) => o[0]),
        ends: enc.offsets.map((o) => o[1]),
      };
    }
    const out: EncodedIds = { ids: [], starts: [], ends: [] };
    this.encodeSequence(checkInput(text, 'text', options), (id, _value, start, end) => {
      out.ids.push(id);
      out.starts.push(start);
      out.ends.push(end);
    });
    return out;
  }

  /** One sequence through added-token matching, normalization, pre-tokenization and the model. */
  private encodeSequenceEncoding(text: string, typeId: number): Encoding {
    const enc = new Encoding();
    this.encodeSequence(text, (id, value, start, end, word) =>
      enc.push(id, value, [start, end], word, typeId, typeId, false),
    );
    return enc;
  }

  /** Feeds each token of `text` (id, value, original span, word index) to `emit`, in order. */
  private encodeSequence(text: string, emit: TokenSink): void {
    let word = 0;
    const [raw, norm] = this.matchers();
    const words = (ns: NormalizedString) => {
      if (ns.length === 0) return;
      const pieces = this.preTokenizer ? this.preTokenizer.preTokenize([ns]) : [ns];
      for (const w of pieces) {
        if (w.length === 0) continue;
        for (const t of this.model.tokenize(w.normalized)) {
          const [a, b] = w.offsets(t.start, t.end);
          emit(t.id, t.value, a, b, word);
        }
        word++;
      }
    };
    const segment = (a: number, b: number) => {
      if (b <= a) return;
      let ns = NormalizedString.from(a === 0 && b === text.length ? text : text.slice(a, b), a);
      if (this.normalizer) ns = this.normalizer.normalize(ns);
      if (norm.empty) return words(ns);
      let prev = 0;
      for (const [s, e, tok] of norm.find(ns.normalized)) {
        if (s > prev) words(ns.slice(prev, s));
        const [os, oe] = ns.offsets(s, e);
        emit(tok.id, ns.normalized.slice(s, e), os, oe, word++);
        prev = e;
      }
      words(ns.slice(prev, ns.length));
    };
    let prev = 0;
    if (!raw.empty) {
      for (const [s, e, tok] of raw.find(text)) {
        segment(prev, s);
        emit(tok.id, text.slice(s, e), s, e, word++);
        prev = e;
      }
    }
    segment(prev, text.length);
  }

  private postProcess(a: Encoding, b: Encoding | null, add: boolean): Encoding {
    const t = this.truncationParams;
    if (t) {
      const added = add && this.postProcessor ? this.postProcessor.addedTokens(b !== null) : 0;
      truncatePair(a, b, { ...t, maxLength: Math.max(0, t.maxLength - added) });
    }
    if (this.postProcessor) return this.postProcessor.process(a, b, add);
    return b ? Encoding.combine(a, b, Encoding.concat) : a;
  }

  private padEncodings(encs: Encoding[], target: number): void {
    const p = this.paddingParams!;
    let len = target;
    if (p.padToMultipleOf && len % p.padToMultipleOf !== 0) {
      len += p.padToMultipleOf - (len % p.padToMultipleOf);
    }
    for (const e of encs) e.pad(len, p.padId, p.padTypeId, p.padToken, p.direction);
  }
}

function checkInput(text: unknown, name: string, options: EncodeOptions): string {
  if (typeof text !== 'string') {
    throw new TypeError(
      `encode: ${name} must be a string, got ${text === null ? 'null' : typeof text}`,
    );
  }
  const bad = loneSurrogateIndex(text);
  if (bad < 0) return text;
  if (options.invalidUtf16 === 'error') {
    throw new Error(
      `encode: ${name} has a lone UTF-16 surrogate at index ${bad}; fix the input or pass invalidUtf16: 'replace'`,
    );
  }
  return toWellFormed(text);
}

/** HF's truncation of a single input or a pair (LongestFirst balances the two). */
function truncatePair(a: Encoding, b: Encoding | null, t: Resolved<TruncationOptions>): void {
  const max = t.maxLength;
  const total = a.length + (b ? b.length : 0);
  if (max === 0) {
    a.truncate(0, t.stride, t.direction);
    b?.truncate(0, t.stride, t.direction);
    return;
  }
  if (total <= max) return;
  if (!b) {
    a.truncate(max, t.stride, t.direction);
    return;
  }
  if (t.strategy === 'longestFirst') {
    let n1 = a.length;
    let n2 = b.length;
    const swap = n1 > n2;
    if (swap) [n1, n2] = [n2, n1];
    n2 = n1 > max ? n1 : Math.max(n1, max - n1);
    if (n1 + n2 > max) {
      n1 = Math.floor(max / 2);
      n2 = n1 + (max % 2);
    }
    if (swap) [n1, n2] = [n2, n1];
    a.truncate(n1, t.stride, t.direction);
    b.truncate(n2, t.stride, t.direction);
    return;
  }
  const target = t.strategy === 'onlyFirst' ? a : b;
  const keep = target.length - (total - max);
  if (keep <= 0) {
    throw new Error(
      `truncation: the ${t.strategy === 'onlyFirst' ? 'first' : 'second'} sequence is too short to reach maxLength ${max + 0}; use strategy 'longestFirst' or a larger maxLength`,
    );
  }
  target.truncate(keep, t.stride, t.direction);
}
