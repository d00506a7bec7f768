/**
 * Hugging Face `tokenizer.json` <-> Tokenizer. Every stage reads its own fields; an
 * unknown `type` or a malformed field raises an error that names the JSON path, e.g.
 * `normalizer.normalizers[1].type: unsupported normalizer "Nmt" (supported: ...)`.
 */

import { BpeDecoder } from './decoders/bpe.js';
import { ByteFallbackDecoder } from './decoders/byte_fallback.js';
import { ByteLevelDecoder } from './decoders/byte_level.js';
import type { Decoder } from './decoders/decoder.js';
import { FuseDecoder } from './decoders/fuse.js';
import { MetaspaceDecoder } from './decoders/metaspace.js';
import { ReplaceDecoder } from './decoders/replace.js';
import { DecoderSequence } from './decoders/sequence.js';
import { StripDecoder } from './decoders/strip.js';
import { WordPieceDecoder } from './decoders/word_piece.js';
import { BPE } from './models/bpe.js';
import { CharLevel } from './models/char_level.js';
import type { Model } from './models/model.js';
import { Unigram } from './models/unigram.js';
import { WordLevel } from './models/word_level.js';
import { WordPiece } from './models/word_piece.js';
import { BertNormalizer } from './normalizers/bert.js';
import { HtmlLineBreaks } from './normalizers/html_line_breaks.js';
import { Lowercase } from './normalizers/lowercase.js';
import type { Normalizer } from './normalizers/normalizer.js';
import { Precompiled } from './normalizers/precompiled.js';
import { Prepend } from './normalizers/prepend.js';
import { patternFromJson, Replace } from './normalizers/replace.js';
import { NormalizerSequence } from './normalizers/sequence.js';
import { Strip } from './normalizers/strip.js';
import { StripAccents } from './normalizers/strip_accents.js';
import { UnicodeNormalizer } from './normalizers/unicode.js';
import { BertPreTokenizer } from './pre_tokenizers/bert.js';
import { ByteLevel } from './pre_tokenizers/byte_level.js';
import { CjkChars } from './pre_tokenizers/cjk.js';
import { Digits } from './pre_tokenizers/digits.js';
import { Metaspace, type PrependScheme } from './pre_tokenizers/metaspace.js';
import type { PreTokenizer } from './pre_tokenizers/pre_tokenizer.js';
import { Punctuation } from './pre_tokenizers/punctuation.js';
import { PreTokenizerSequence } from './pre_tokenizers/sequence.js';
import { Split } from './pre_tokenizers/split.js';
import { Whitespace } from './pre_tokenizers/whitespace.js';
import { WhitespaceSplit } from './pre_tokenizers/whitespace_split.js';
import { WordNGrams } from './pre_tokenizers/word_ngrams.js';
import { ByteLevelProcessing } from './processors/byte_level.js';
import type { PostProcessor } from './processors/post_processor.js';
import { TemplateProcessing } from './processors/template.js';
import { Tokenizer } from './tokenizer.js';

/** A parsed JSON object. */
export type Obj = Record<string, unknown>;

function asObject(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new Error(
      `${path}: expected an object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`,
    );
  }
  return v as Obj;
}

function typeOf(o: Obj, path: string): string {
  if (typeof o.type !== 'string') throw new Error(`${path}.type: missing or not a string`);
  return o.type;
}

function unsupported(kind: string, type: string, path: string, supported: object): never {
  throw new Error(
    `${path}.type: unsupported ${kind} ${JSON.stringify(type)} (supported: ${Object.keys(supported).join(', ')}); replace this stage or remove it from the file`,
  );
}

function bool(o: Obj, key: string, path: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean')
    throw new Error(`${path}.${key}: expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function array(o: Obj, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new Error(`${path}.${key}: expected an array`);
  return v;
}

function wrap<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const msg = (e as Error).message;
    if (msg.startsWith(path)) throw e;
    throw new Error(`${path}: ${msg}`);
  }
}

const NORMALIZERS: Record<string, (o: Obj, path: string) => Normalizer> = {
  BertNormalizer: (o, p) =>
    new BertNormalizer({
      cleanText: bool(o, 'clean_text', p, true),
      handleChineseChars: bool(o, 'handle_chinese_chars', p, true),
      stripAccents:
        o.strip_accents === null || o.strip_accents === undefined
          ? null
          : bool(o, 'strip_accents', p, true),
      lowercase: bool(o, 'lowercase', p, true),
    }),
  Lowercase: () => new Lowercase(),
  NFC: () => new UnicodeNormalizer('NFC'),
  NFD: () => new UnicodeNormalizer('NFD'),
  NFKC: () => new UnicodeNormalizer('NFKC'),
  NFKD: () => new UnicodeNormalizer('NFKD'),
  StripAccents: () => new StripAccents(),
  Strip: (o, p) => new Strip(bool(o, 'strip_left', p, true), bool(o, 'strip_right', p, true)),
  Replace: (o, p) =>
    wrap(
      p,
      () =>
        new Replace(
          patternFromJson(o.pattern, `${p}.pattern`),
          String(o.content ?? ''),
          `${p}.pattern`,
        ),
    ),
  Precompiled: (o, p) => {
    if (typeof o.precompiled_charsmap !== 'string')
      throw new Error(`${p}.precompiled_charsmap: expected a base64 string`);
    return wrap(p, () => new Precompiled(o.precompiled_charsmap as string));
  },
  Prepend: (o, p) => {
    if (typeof o.prepend !== 'string') throw new Error(`${p}.prepend: expected a string`);
    return new Prepend(o.prepend);
  },
  HtmlLineBreaks: (o) => new HtmlLineBreaks(typeof o.content === 'string' ? o.content : ' '),
  Sequence: (o, p) =>
    new NormalizerSequence(
      array(o, 'normalizers', p).map((n, i) => normalizerFromJson(n, `${p}.normalizers[${i}]`)),
    ),
};

/** A normalizer from its tokenizer.json object; `path` names it in errors. */
export function normalizerFromJson(v: unknown, path = 'normalizer'): Normalizer {
  const o = asObject(v, path);
  const t = typeOf(o, path);
  const make = NORMALIZERS[t];
  if (!make) unsupported('normalizer', t, path, NORMALIZERS);
  return make(o, path);
}

const PRE_TOKENIZERS: Record<string, (o: Obj, path: string) => PreTokenizer> = {
  Whitespace: () => new Whitespace(),
  WhitespaceSplit: () => new WhitespaceSplit(),
  Punctuation: (o, p) => wrap(p, () => Punctuation.fromJSON(o)),
  Digits: (o, p) => new Digits(bool(o, 'individual_digits', p, false)),
  BertPreTokenizer: () => new BertPreTokenizer(),
  ByteLevel: (o, p) =>
    new ByteLevel({
      addPrefixSpace: bool(o, 'add_prefix_space', p, true),
      trimOffsets: bool(o, 'trim_offsets', p, true),
      useRegex: bool(o, 'use_regex', p, true),
    }),
  Metaspace: (o, p) => {
    const scheme = (o.prepend_scheme ??
      (o.add_prefix_space === false ? 'never' : 'always')) as string;
    if (!['always', 'first', 'never'].includes(scheme)) {
      throw new Error(
        `${p}.prepend_scheme: expected "always", "first" or "never", got ${JSON.stringify(scheme)}`,
      );
    }
    return new Metaspace({
      replacement: typeof o.replacement === 'string' ? o.replacement : '\u2581',
      prependScheme: scheme as PrependScheme,
      split: bool(o, 'split', p, true),
    });
  },
  Split: (o, p) => wrap(p, () => Split.fromJSON(o, p)),
  CJKChars: () => new CjkChars(),
  WordNGrams: (o, p) => wrap(p, () => WordNGrams.fromJSON(o)),
  Sequence: (o, p) =>
    new PreTokenizerSequence(
      array(o, 'pretokenizers', p).map((n, i) =>
        preTokenizerFromJson(n, `${p}.pretokenizers[${i}]`),
      ),
    ),
};

/** A pre-tokenizer from its tokenizer.json object; `path` names it in errors. */
export function preTokenizerFromJson(v: unknown, path = 'pre_tokenizer'): PreTokenizer {
  const o = asObject(v, path);
  const t = typeOf(o, path);
  const make = PRE_TOKENIZERS[t];
  if (!make) unsupported('pre-tokenizer', t, path, PRE_TOKENIZERS);
  return make(o, path);
}

const MODELS: Record<string, (o: Obj, path: string) => Model> = {
  WordLevel: (o, p) => wrap(p, () => WordLevel.fromJSON(o)),
  WordPiece: (o, p) => wrap(p, () => WordPiece.fromJSON(o)),
  BPE: (o, p) => wrap(p, () => BPE.fromJSON(o)),
  CharLevel: (o, p) => wrap(p, () => CharLevel.fromJSON(o)),
  Unigram: (o, p) => wrap(p, () => Unigram.fromJSON(o)),
};

/** A model from its tokenizer.json object; `path` names it in errors. */
export function modelFromJson(v: unknown, path = 'model'): Model {
  const o = asObject(v, path);
  // Old files omit the model type; infer it the way HF does.
  let t =
    typeof o.type === 'string'
      ? o.type
      : o.merges
        ? 'BPE'
        : o.continuing_subword_prefix
          ? 'WordPiece'
          : 'WordLevel';
  if (typeof o.type !== 'string' && Array.isArray(o.vocab)) t = 'Unigram'; // [piece, score][]
  const make = MODELS[t];
  if (!make) unsupported('model', t, path, MODELS);
  return make(o, path);
}

const PROCESSORS: Record<string, (o: Obj, path: string) => PostProcessor> = {
  TemplateProcessing: (o, p) => wrap(p, () => TemplateProcessing.fromJSON(o)),
  ByteLevel: (o, p) =>
    new ByteLevelProcessing(bool(o, 'trim_offsets', p, true), bool(o, 'add_prefix_space', p, true)),
};

/** A post-processor from its tokenizer.json object; `path` names it in errors. */
export function postProcessorFromJson(v: unknown, path = 'post_processor'): PostProcessor {
  const o = asObject(v, path);
  const t = typeOf(o, path);
  const make = PROCESSORS[t];
  if (!make) unsupported('post-processor', t, path, PROCESSORS);
  return make(o, path);
}

const DECODERS: Record<string, (o: Obj, path: string) => Decoder> = {
  WordPiece: (o, p) =>
    new WordPieceDecoder(
      typeof o.prefix === 'string' ? o.prefix : '##',
      bool(o, 'cleanup', p, true),
    ),
  ByteLevel: () => new ByteLevelDecoder(),
  Metaspace: (o, p) =>
    new MetaspaceDecoder(
      typeof o.replacement === 'string' ? o.replacement : '\u2581',
      (o.prepend_scheme ?? (o.add_prefix_space === false ? 'never' : 'always')) as PrependScheme,
      bool(o, 'split', p, true),
    ),
  ByteFallback: () => new ByteFallbackDecoder(),
  Fuse: () => new FuseDecoder(),
  Strip: (o, p) =>
    wrap(
      p,
      () => new StripDecoder(String(o.content ?? ' '), Number(o.start ?? 0), Number(o.stop ?? 0)),
    ),
  Replace: (o, p) =>
    wrap(
      p,
      () =>
        new ReplaceDecoder(
          patternFromJson(o.pattern, `${p}.pattern`),
          String(o.content ?? ''),
          `${p}.pattern`,
        ),
    ),
  BPEDecoder: (o) => new BpeDecoder(typeof o.suffix === 'string' ? o.suffix : '</w>'),
  Sequence: (o, p) =>
    new DecoderSequence(
      array(o, 'decoders', p).map((d, i) => decoderFromJson(d, `${p}.decoders[${i}]`)),
    ),
};

/** A decoder from its tokenizer.json object; `path` names it in errors. */
export function decoderFromJson(v: unknown, path = 'decoder'): Decoder {
  const o = asObject(v, path);
  const t = typeOf(o, path);
  const make = DECODERS[t];
  if (!make) unsupported('decoder', t, path, DECODERS);
  return make(o, path);
}

const DIRECTIONS: Record<string, 'left' | 'right'> = { Left: 'left', Right: 'right' };
const STRATEGIES = {
  LongestFirst: 'longestFirst',
  OnlyFirst: 'onlyFirst',
  OnlySecond: 'onlySecond',
} as const;

/** Largest padding / truncation length accepted from a file (1M tokens; more is a typo or an attack). */
export const MAX_FILE_LENGTH = 1_048_576;

/** An integer length field in [min, MAX_FILE_LENGTH]; `null` stays null where allowed. */
function lengthField(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_FILE_LENGTH) {
    throw new Error(
      `${path}: expected an integer from ${min} to ${MAX_FILE_LENGTH.toLocaleString('en-US')}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** A non-negative integer id (u32 in HF). */
function idField(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new Error(`${path}: expected an integer id >= 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Builds a Tokenizer from a parsed tokenizer.json object. */
export function tokenizerFromJson(json: unknown): Tokenizer {
  const o = asObject(json, 'tokenizer.json');
  if (o.model === undefined)
    throw new Error('model: missing; a tokenizer.json needs a "model" object');
  const tok = new Tokenizer(modelFromJson(o.model));
  if (o.normalizer != null) tok.normalizer = normalizerFromJson(o.normalizer);
  if (o.pre_tokenizer != null) tok.preTokenizer = preTokenizerFromJson(o.pre_tokenizer);
  if (o.post_processor != null) tok.postProcessor = postProcessorFromJson(o.post_processor);
  if (o.decoder != null) tok.decoder = decoderFromJson(o.decoder);
  if (o.added_tokens != null) {
    if (!Array.isArray(o.added_tokens)) throw new Error('added_tokens: expected an array');
    // As HF's loader: the file's ids are not trusted; a token the vocabulary (or an earlier
    // added token) has keeps that id, the others get the next ids after the vocabulary.
    let nextId = tok.model.vocabSize;
    o.added_tokens.forEach((t: unknown, i: number) => {
      const a = asObject(t, `added_tokens[${i}]`);
      if (typeof a.id !== 'number') throw new Error(`added_tokens[${i}].id: expected a number`);
      if (typeof a.content !== 'string' || a.content.length === 0) {
        throw new Error(`added_tokens[${i}].content: expected a non-empty string`);
      }
      const flag = (k: string, dflt: boolean) => bool(a, k, `added_tokens[${i}]`, dflt);
      tok.registerAdded({
        id: tok.tokenToId(a.content) ?? nextId++,
        content: a.content,
        special: flag('special', false),
        normalized: flag('normalized', true),
        lstrip: flag('lstrip', false),
        rstrip: flag('rstrip', false),
        singleWord: flag('single_word', false),
      });
    });
  }
  if (o.truncation != null) {
    const t = asObject(o.truncation, 'truncation');
    const strategy = STRATEGIES[String(t.strategy ?? 'LongestFirst') as keyof typeof STRATEGIES];
    if (!strategy) throw new Error(`truncation.strategy: unknown ${JSON.stringify(t.strategy)}`);
    const direction = DIRECTIONS[String(t.direction ?? 'Right')];
    if (!direction)
      throw new Error(
        `truncation.direction: expected "Left" or "Right", got ${JSON.stringify(t.direction)}`,
      );
    const maxLength = lengthField(t.max_length, 'truncation.max_length', 1);
    const stride = lengthField(t.stride ?? 0, 'truncation.stride', 0);
    if (stride >= maxLength) {
      throw new Error(
        `truncation.stride: ${stride} must be smaller than truncation.max_length (${maxLength})`,
      );
    }
    tok.setTruncation({
      maxLength,
      stride,
      strategy,
      direction,
    });
  }
  if (o.padding != null) {
    const p = asObject(o.padding, 'padding');
    let length: 'longest' | number = 'longest';
    if (p.strategy !== 'BatchLongest') {
      const fixed = (p.strategy as { Fixed?: unknown } | null)?.Fixed;
      if (typeof fixed !== 'number') {
        throw new Error(
          `padding.strategy: expected "BatchLongest" or {"Fixed": n}, got ${JSON.stringify(p.strategy)}`,
        );
      }
      length = lengthField(fixed, 'padding.strategy.Fixed', 1);
    }
    const direction = DIRECTIONS[String(p.direction ?? 'Right')];
    if (!direction)
      throw new Error(
        `padding.direction: expected "Left" or "Right", got ${JSON.stringify(p.direction)}`,
      );
    tok.setPadding({
      length,
      direction,
      padToMultipleOf:
        p.pad_to_multiple_of == null
          ? null
          : lengthField(p.pad_to_multiple_of, 'padding.pad_to_multiple_of', 1),
      padId: idField(p.pad_id ?? 0, 'padding.pad_id'),
      padTypeId: idField(p.pad_type_id ?? 0, 'padding.pad_type_id'),
      padToken: String(p.pad_token ?? '[PAD]'),
    });
  }
  return tok;
}

/** The tokenizer.json object of `tok` (HF layout, version "1.0"). */
export function tokenizerToJson(tok: Tokenizer): Obj {
  const t = tok.truncation;
  const p = tok.padding;
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  return {
    version: '1.0',
    truncation: t && {
      direction: cap(t.direction),
      max_length: t.maxLength,
      strategy: cap(t.strategy),
      stride: t.stride,
    },
    padding: p && {
      strategy: p.length === 'longest' ? 'BatchLongest' : { Fixed: p.length },
      direction: cap(p.direction),
      pad_to_multiple_of: p.padToMultipleOf,
      pad_id: p.padId,
      pad_type_id: p.padTypeId,
      pad_token: p.padToken,
    },
    added_tokens: tok.addedTokens.map((a) => ({
      id: a.id,
      content: a.content,
      single_word: a.singleWord ?? false,
      lstrip: a.lstrip ?? false,
      rstrip: a.rstrip ?? false,
      normalized: a.normalized ?? !a.special,
      special: a.special,
    })),
    normalizer: tok.normalizer?.toJSON() ?? null,
    pre_tokenizer: tok.preTokenizer?.toJSON() ?? null,
    post_processor: tok.postProcessor?.toJSON() ?? null,
    decoder: tok.decoder?.toJSON() ?? null,
    model: tok.model.toJSON(),
  };
}

/** Parses tokenizer.json text; a syntax error says so rather than "Unexpected token". */
export function tokenizerFromString(text: string): Tokenizer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`tokenizer.json is not valid JSON: ${(e as Error).message}`);
  }
  return tokenizerFromJson(json);
}
