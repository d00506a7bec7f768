/**
 * Hugging Face checkpoint names -> this library's parameters, for GPT-2 (`GPT2LMHeadModel`,
 * `transformer.h.N.attn.c_attn.*` in Conv1D layout [in, out]) and BERT (`BertForMaskedLM`,
 * `bert.encoder.layer.N.attention.self.query.*`). Conv1D weights are transposed to our
 * [out, in]; BERT's separate query/key/value are stacked into in_proj_weight [3d, d].
 * Loading reports what was loaded, what the model still lacks and what the file had unused.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CausalLM } from './causal_lm.js';
import type { MaskedLM } from './masked_lm.js';

/** Tensors by checkpoint name (e.g. `decodeSafetensors(bytes).tensors`). */
export type NamedTensors = Map<string, tf.Tensor> | Record<string, tf.Tensor>;

/** What a `from*StateDict` call did, by name. */
export interface PretrainedLoadReport {
  /** Our parameters that received checkpoint values. */
  loaded: string[];
  /** Our parameters the checkpoint has no value for (they keep their initial values). */
  missing: string[];
  /** Checkpoint tensors nothing maps to (e.g. BERT's pooler, layers beyond numLayers). */
  unused: string[];
  /** Checkpoint tensors skipped on purpose: buffers (attention masks, position ids) and tied copies. */
  ignored: string[];
}

/** The result of converting checkpoint names: our names -> new tensors (the caller disposes them). */
export interface ConvertedStateDict {
  /** Our parameter name -> converted tensor. */
  state: Map<string, tf.Tensor>;
  /** Our parameter names the checkpoint has no (complete) source for. */
  missing: string[];
  /** Checkpoint names that were not used. */
  unused: string[];
  /** Checkpoint names skipped on purpose (buffers, tied copies). */
  ignored: string[];
}

/** One of our parameters, computed from one or more checkpoint tensors. */
interface Rule {
  ours: string;
  sources: string[];
  convert: (xs: tf.Tensor[]) => tf.Tensor;
}

const copy = (xs: tf.Tensor[]) => tf.clone(xs[0]!);
const transpose = (xs: tf.Tensor[]) => tf.transpose(xs[0]!);
const stack = (xs: tf.Tensor[]) => tf.concat(xs, 0);

function toMap(state: NamedTensors): Map<string, tf.Tensor> {
  return state instanceof Map ? state : new Map(Object.entries(state));
}

/** Applies the rules; every source not used by a rule nor matched by `ignore` is unused. */
function applyRules(
  state: Map<string, tf.Tensor>,
  rules: Rule[],
  ignore: (name: string) => boolean,
): ConvertedStateDict {
  const out: ConvertedStateDict = { state: new Map(), missing: [], unused: [], ignored: [] };
  const used = new Set<string>();
  for (const rule of rules) {
    const xs = rule.sources.map((s) => state.get(s));
    if (xs.some((x) => x === undefined)) {
      out.missing.push(rule.ours);
      continue;
    }
    for (const s of rule.sources) used.add(s);
    out.state.set(
      rule.ours,
      tf.tidy(() => rule.convert(xs.map((x) => tf.cast(x!, 'float32')))),
    );
  }
  for (const name of state.keys()) {
    if (used.has(name)) continue;
    if (ignore(name)) out.ignored.push(name);
    else out.unused.push(name);
  }
  return out;
}

/** The prefix the checkpoint's names carry ('transformer.' / 'bert.' in *LMHeadModel files, '' in bare models). */
function prefixOf(state: Map<string, tf.Tensor>, prefix: string): string {
  for (const k of state.keys()) if (k.startsWith(prefix)) return prefix;
  return '';
}

/** Options of the name conversions. */
export interface ConvertOptions {
  /** Number of blocks of the target model. */
  numLayers: number;
  /** Whether the output projection is tied to the token embedding (GPT-2: default true). */
  tieWeights?: boolean;
}

/**
 * GPT-2 names -> `CausalLM` names, as new tensors. A pure conversion (also usable on
 * gradients, which map the same linear way).
 */
export function convertGpt2StateDict(
  checkpoint: NamedTensors,
  options: ConvertOptions,
): ConvertedStateDict {
  const state = toMap(checkpoint);
  const P = prefixOf(state, 'transformer.');
  const rules: Rule[] = [
    { ours: 'wte.weight', sources: [`${P}wte.weight`], convert: copy },
    { ours: 'wpe.weight', sources: [`${P}wpe.weight`], convert: copy },
  ];
  for (let i = 0; i < options.numLayers; i++) {
    const hf = `${P}h.${i}.`;
    const us = `h.${i}.`;
    const pair = (ours: string, theirs: string, weight: Rule['convert']) =>
      rules.push(
        { ours: `${us}${ours}.weight`, sources: [`${hf}${theirs}.weight`], convert: weight },
        { ours: `${us}${ours}.bias`, sources: [`${hf}${theirs}.bias`], convert: copy },
      );
    pair('norm1', 'ln_1', copy);
    rules.push(
      // Conv1D [d, 3d] -> in_proj_weight [3d, d]; q, k, v are already stacked in that order.
      {
        ours: `${us}self_attn.in_proj_weight`,
        sources: [`${hf}attn.c_attn.weight`],
        convert: transpose,
      },
      { ours: `${us}self_attn.in_proj_bias`, sources: [`${hf}attn.c_attn.bias`], convert: copy },
    );
    pair('self_attn.out_proj', 'attn.c_proj', transpose);
    pair('norm2', 'ln_2', copy);
    pair('linear1', 'mlp.c_fc', transpose);
    pair('linear2', 'mlp.c_proj', transpose);
  }
  rules.push(
    { ours: 'ln_f.weight', sources: [`${P}ln_f.weight`], convert: copy },
    { ours: 'ln_f.bias', sources: [`${P}ln_f.bias`], convert: copy },
  );
  const tied = options.tieWeights ?? true;
  if (!tied) rules.push({ ours: 'lm_head.weight', sources: ['lm_head.weight'], convert: copy });
  // attn.bias / attn.masked_bias are causal-mask buffers of older GPT-2 files.
  const ignore = (n: string) =>
    /\.attn\.(masked_)?bias$/.test(n) || (tied && n === 'lm_head.weight');
  return applyRules(state, rules, ignore);
}

/** BERT's LayerNorm names: old TF-converted files use gamma / beta. */
function normaliseBertName(name: string): string {
  return name
    .replace(/LayerNorm\.gamma$/, 'LayerNorm.weight')
    .replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
}

/** BERT names -> `MaskedLM` names, as new tensors (a pure conversion, also valid for gradients). */
export function convertBertStateDict(
  checkpoint: NamedTensors,
  options: ConvertOptions,
): ConvertedStateDict {
  const state = new Map([...toMap(checkpoint)].map(([k, v]) => [normaliseBertName(k), v]));
  const P = prefixOf(state, 'bert.');
  const rules: Rule[] = [];
  const pair = (ours: string, theirs: string) =>
    rules.push(
      { ours: `${ours}.weight`, sources: [`${theirs}.weight`], convert: copy },
      { ours: `${ours}.bias`, sources: [`${theirs}.bias`], convert: copy },
    );
  for (const t of ['word', 'position', 'token_type']) {
    rules.push({
      ours: `embeddings.${t}_embeddings.weight`,
      sources: [`${P}embeddings.${t}_embeddings.weight`],
      convert: copy,
    });
  }
  pair('embeddings.layer_norm', `${P}embeddings.LayerNorm`);
  for (let i = 0; i < options.numLayers; i++) {
    const hf = `${P}encoder.layer.${i}.`;
    const us = `encoder.layers.${i}.`;
    const qkv = ['query', 'key', 'value'].map((n) => `${hf}attention.self.${n}`);
    rules.push(
      {
        ours: `${us}self_attn.in_proj_weight`,
        sources: qkv.map((s) => `${s}.weight`),
        convert: stack, // 3 x [d, d] -> [3d, d]
      },
      { ours: `${us}self_attn.in_proj_bias`, sources: qkv.map((s) => `${s}.bias`), convert: stack },
    );
    pair(`${us}self_attn.out_proj`, `${hf}attention.output.dense`);
    pair(`${us}norm1`, `${hf}attention.output.LayerNorm`);
    pair(`${us}linear1`, `${hf}intermediate.dense`);
    pair(`${us}linear2`, `${hf}output.dense`);
    pair(`${us}norm2`, `${hf}output.LayerNorm`);
  }
  pair('head.dense', 'cls.predictions.transform.dense');
  pair('head.layer_norm', 'cls.predictions.transform.LayerNorm');
  rules.push({ ours: 'head.bias', sources: ['cls.predictions.bias'], convert: copy });
  // The decoder weight is the tied word embedding and its bias a copy of cls.predictions.bias.
  const ignore = (n: string) =>
    n.endsWith('embeddings.position_ids') ||
    n === 'cls.predictions.decoder.weight' ||
    n === 'cls.predictions.decoder.bias';
  return applyRules(state, rules, ignore);
}

/** Loads converted tensors into `model` (shapes must match) and frees them. */
function loadConverted(
  model: CausalLM | MaskedLM,
  c: ConvertedStateDict,
  who: string,
): PretrainedLoadReport {
  const own = new Set(model.namedParameters().map(([n]) => n));
  try {
    const partial: Record<string, tf.Tensor> = Object.create(null);
    for (const [k, v] of c.state) if (own.has(k)) partial[k] = v;
    const r = model.loadStateDict(partial, { strict: false });
    if (r.shapeMismatch.length > 0) {
      const m = r.shapeMismatch[0]!;
      throw new Error(
        `${who}: ${m.key} is [${m.expected}] in the model but [${m.got}] in the checkpoint (${r.shapeMismatch.length} mismatches); build the model with the checkpoint's config (vocab, width, positions).`,
      );
    }
    const loaded = [...c.state.keys()].filter((k) => own.has(k));
    const loadedSet = new Set(loaded);
    return {
      loaded,
      missing: [...own].filter((k) => !loadedSet.has(k)),
      unused: c.unused,
      ignored: c.ignored,
    };
  } finally {
    for (const t of c.state.values()) t.dispose();
  }
}

/**
 * Loads a GPT-2 checkpoint (Hugging Face names, with or without the `transformer.` prefix)
 * into a `CausalLM` built with the same sizes; the input tensors are not disposed.
 * Build GPT-2 small as `new CausalLM({ vocabSize: 50257, maxLength: 1024, dModel: 768,
 * numHeads: 12, numLayers: 12 })`.
 */
export function fromGpt2StateDict(model: CausalLM, checkpoint: NamedTensors): PretrainedLoadReport {
  const c = convertGpt2StateDict(checkpoint, {
    numLayers: model.numLayers,
    tieWeights: model.lmHead === null,
  });
  return loadConverted(model, c, 'fromGpt2StateDict');
}

/**
 * Loads a BERT checkpoint (Hugging Face `BertForMaskedLM` / `BertModel` names) into a
 * `MaskedLM` built with the same sizes; the input tensors are not disposed. BERT-base is
 * `new MaskedLM({ vocabSize: 30522, maxLength: 512, dModel: 768, numHeads: 12, numLayers: 12 })`.
 */
export function fromBertStateDict(model: MaskedLM, checkpoint: NamedTensors): PretrainedLoadReport {
  const c = convertBertStateDict(checkpoint, { numLayers: model.encoder.layers.length });
  return loadConverted(model, c, 'fromBertStateDict');
}
