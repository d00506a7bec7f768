/**
 * The page: loads the wasm backend and a shipped model, classifies the text area as you type
 * (debounced), draws the probabilities and an attention heat map. Everything the user typed is
 * rendered with textContent / text nodes, never as HTML. `window.__news` exposes the state for
 * the end-to-end test.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { env } from '@tensorflow/tfjs-core';
import { initWasm, type WasmInfo, wasmInfo } from '@tfnlp/backend-wasm';
import { EDGE_CASE_EXAMPLES, type Example, parseExamples } from './examples.js';
import {
  type Classification,
  classify,
  loadNewsModel,
  type NewsModel,
  poolingScores,
  scoreRows,
  tokenScores,
} from './model.js';
import { setupTabs } from './tabs.js';
import { hasKeptModel, keptTrainedFiles, modelFromFiles } from './train/kept_model.js';

/** public/models/index.json: the shipped models, in selector order (folders next to it). */
interface ModelEntry {
  id: string;
  label: string;
}
const DEBOUNCE_MS = 150;

interface PageState {
  ready: boolean;
  error: string | null;
  /** ms from navigation start to the first model loaded and ready. */
  readyMs: number | null;
  backend: Omit<WasmInfo, 'kernels'> | null;
  crossOriginIsolated: boolean;
  model: string | null;
  last: {
    text: string;
    label: string;
    probabilities: number[];
    tokens: number;
    ms: number;
  } | null;
  classifications: number;
  classifyText: (text: string) => { label: string; ms: number; probabilities: number[] };
}

declare global {
  interface Window {
    __news: PageState;
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');
const input = $<HTMLTextAreaElement>('input');
const modelSelect = $<HTMLSelectElement>('model');
const layerSelect = $<HTMLSelectElement>('layer');
const headSelect = $<HTMLSelectElement>('head');
const showScores = $<HTMLInputElement>('show-scores');

const state: PageState = {
  ready: false,
  error: null,
  readyMs: null,
  backend: null,
  crossOriginIsolated: self.crossOriginIsolated === true,
  model: null,
  last: null,
  classifications: 0,
  classifyText: (text) => {
    const r = run(text);
    return { label: r.label, ms: r.ms, probabilities: r.c.probabilities };
  },
};
window.__news = state;

const models = new Map<string, NewsModel>();
/** Each model's example buttons (its folder's examples.json, then the edge cases). */
const examplesOf = new Map<string, Example[]>();
let current: NewsModel | null = null;
let lastResult: Classification | null = null;

function setStatus(text: string, error = false) {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

/** The selector entry of the Train tab's model (one at a time: a new one disposes the old). */
const TRAINED_ID = 'trained-in-browser';
const TRAINED_LABEL = 'Trained in this browser';

async function getModel(id: string): Promise<NewsModel> {
  const cached = models.get(id);
  if (cached) return cached;
  if (id === TRAINED_ID) {
    // Kept in IndexedDB by an earlier visit's "Use this model".
    const files = await keptTrainedFiles();
    if (!files) throw new Error('no model trained in this browser is kept here');
    const m = await modelFromFiles(files);
    models.set(id, m);
    return m;
  }
  const base = `${import.meta.env.BASE_URL}models/${id}/`;
  const m = await loadNewsModel(async (file) => {
    const r = await fetch(base + file);
    if (!r.ok) throw new Error(`${base + file}: HTTP ${r.status}`);
    return { text: () => r.text(), bytes: async () => new Uint8Array(await r.arrayBuffer()) };
  });
  models.set(id, m);
  return m;
}

/** The model folder's examples.json; a folder without one offers only the edge cases. */
async function getExamples(id: string, m: NewsModel): Promise<Example[]> {
  const cached = examplesOf.get(id);
  if (cached) return cached;
  let own: Example[] = [];
  if (id !== TRAINED_ID) {
    const url = `${import.meta.env.BASE_URL}models/${id}/examples.json`;
    const r = await fetch(url);
    if (r.ok) own = parseExamples(await r.json(), m.info.labels, url);
    else if (r.status !== 404) throw new Error(`${url}: HTTP ${r.status}`);
  }
  const all = [...own, ...EDGE_CASE_EXAMPLES];
  examplesOf.set(id, all);
  return all;
}

function renderExamples(examples: readonly Example[]) {
  const box = $('examples');
  const heading = document.createElement('span');
  heading.textContent = 'Examples:';
  box.replaceChildren(
    heading,
    ...examples.map((ex) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = ex.title;
      button.addEventListener('click', () => {
        input.value = ex.text;
        update();
      });
      return button;
    }),
  );
}

function run(text: string) {
  if (!current) throw new Error('no model loaded yet');
  const t0 = performance.now();
  const c = classify(current, text);
  const ms = performance.now() - t0;
  const label = current.info.labels[c.top]!;
  state.classifications++;
  state.last = {
    text: text.length > 200 ? `${text.slice(0, 200)}…` : text,
    label,
    probabilities: c.probabilities,
    tokens: c.tokens.length,
    ms,
  };
  return { c, ms, label };
}

function renderBars(m: NewsModel, c: Classification) {
  const bars = $('bars');
  bars.replaceChildren(
    ...m.info.labels.map((label, i) => {
      const p = c.probabilities[i]!;
      const row = document.createElement('li');
      row.className = i === c.top ? 'bar top' : 'bar';
      row.dataset.label = label;
      row.dataset.probability = String(p);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = label;
      const track = document.createElement('div');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('div');
      fill.className = 'fill';
      fill.style.width = `${(p * 100).toFixed(1)}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = `${(p * 100).toFixed(1)} %`;
      row.append(name, track, value);
      return row;
    }),
  );
}

/**
 * A token's background for score `s` in [0, 1]: white blended towards HEAT_MAX. Every blend is
 * at least as light as HEAT_MAX itself, whose contrast with the page's text (#1d1d1f) is 5.3:1,
 * so every token keeps >= 4.5:1 (WCAG AA).
 */
const HEAT_MAX = [240, 100, 60] as const;
function heatColour(s: number): string {
  const a = 0.03 + 0.97 * Math.min(1, Math.max(0, s));
  const [r, g, b] = HEAT_MAX.map((v) => Math.round(255 + (v - 255) * a));
  return `rgb(${r}, ${g}, ${b})`;
}

function renderHeatmap(text: string) {
  const heat = $('heatmap');
  const c = lastResult;
  if (!c || c.tokens.length === 0) {
    heat.replaceChildren(document.createTextNode(text.trim() ? '(no tokens)' : '(empty input)'));
    return;
  }
  // 'pooling': the TF-IDF pooling weights (what the classifier reads), not an attention layer.
  const showPooling = layerSelect.value === 'pooling';
  headSelect.disabled = showPooling;
  const layer = Number(layerSelect.value) || 0;
  const head = headSelect.value === 'mean' ? 'mean' : Number(headSelect.value);
  const scores = showPooling ? poolingScores(c) : tokenScores(c, layer, head);
  const withScores = showScores.checked;
  const parts: Node[] = [];
  let pos = 0;
  c.tokens.forEach((t, i) => {
    if (t.start > pos) parts.push(document.createTextNode(text.slice(pos, t.start)));
    const span = document.createElement('span');
    span.className = 'tok';
    span.textContent = text.slice(t.start, t.end);
    const s = scores[i]!;
    span.dataset.score = s.toFixed(4);
    span.title = `${t.text}: ${s.toFixed(3)}`;
    span.style.backgroundColor = heatColour(s);
    parts.push(span);
    if (withScores) {
      // In the text itself, so keyboard and screen-reader users read it (not hover-only).
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = ` ${s.toFixed(2)}`;
      parts.push(score);
    }
    pos = t.end;
  });
  const rest = text.length - pos;
  if (c.truncated) {
    const note = document.createElement('em');
    note.className = 'muted';
    note.textContent = ` … (${rest.toLocaleString('en-US')} more characters not read: the model reads the first ${current?.info.maxLength} tokens)`;
    parts.push(note);
  } else if (rest > 0) parts.push(document.createTextNode(text.slice(pos)));
  heat.replaceChildren(...parts);
}

function update() {
  if (!current) return;
  const text = input.value;
  try {
    const { c, ms, label } = run(text);
    lastResult = c;
    $('top').textContent = text.trim() ? label : `${label} (empty input)`;
    $('time').textContent =
      `${ms.toFixed(1)} ms, ${c.tokens.length} tokens${c.truncated ? ' (truncated)' : ''}`;
    renderBars(current, c);
    renderHeatmap(text);
  } catch (e) {
    setStatus(`Classification failed: ${(e as Error).message}`, true);
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(update, DEBOUNCE_MS);
});
layerSelect.addEventListener('change', () => renderHeatmap(input.value));
headSelect.addEventListener('change', () => renderHeatmap(input.value));
showScores.addEventListener('change', () => renderHeatmap(input.value));

/** How the model was trained, in words (a shipped model's info names a shell command: not shown). */
function trainingSummary(m: NewsModel): string {
  const { command, wallSeconds } = m.info.training;
  if (m.info.trainedInBrowser) return `${command} (${wallSeconds} s)`;
  const recipe = m.info.training.recipe as { epochs?: unknown } | undefined;
  const epochs = typeof recipe?.epochs === 'number' ? `${recipe.epochs} epochs, ` : '';
  return `offline with @tfnlp/train (${epochs}${wallSeconds} s)`;
}

function renderInfo(m: NewsModel) {
  const a = m.info.architecture;
  const b = state.backend;
  const rows: Array<[string, string]> = [
    ['Dataset', m.info.name],
    ['Classes', m.info.labels.join(', ')],
    [
      'Architecture',
      `${a.type}, ${a.pooling === 'tfidf' ? 'TF-IDF' : a.pooling} pooling` +
        `${a.normFirst ? ', pre-norm' : ''}${a.finalNorm === false ? ' without final norm' : ''}` +
        `${a.normAfterPooling ? ', final LayerNorm after pooling' : ''}` +
        `${a.finalNormEps !== undefined ? ` (epsilon ${a.finalNormEps})` : ''}`,
    ],
    ['Layers', String(a.layers)],
    ['Heads', String(a.heads)],
    ['d_model', String(a.dModel)],
    ['Feed-forward', String(a.dimFeedforward)],
    ['Parameters', m.info.parameters.toLocaleString('en-US')],
    ['Vocabulary', `${m.info.vocabularySize.toLocaleString('en-US')} words`],
    ['Max tokens', String(m.info.maxLength)],
    ...scoreRows(m.info),
    ['Training', trainingSummary(m)],
    [
      'Backend',
      b
        ? `${b.backend}, SIMD ${b.simd ? 'on' : 'off'}${b.relaxedSimd ? ' (relaxed: fused multiply-add)' : ''}, threads ${b.threads}${state.crossOriginIsolated ? '' : ' (not cross-origin isolated: single thread)'}`
        : '–',
    ],
  ];
  $('info').replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}

function setupAttentionControls(m: NewsModel) {
  const { layers, heads, pooling } = m.info.architecture;
  layerSelect.replaceChildren(
    ...Array.from({ length: layers }, (_, i) => option(String(i), `${i + 1}`)),
    ...(pooling === 'tfidf' ? [option('pooling', 'TF-IDF pooling weights')] : []),
  );
  headSelect.replaceChildren(
    option('mean', 'average'),
    ...Array.from({ length: heads }, (_, i) => option(String(i), `${i + 1}`)),
  );
}

async function selectModel(id: string) {
  setStatus(`Loading model ${id}…`);
  // Everything fetched first, then the page redrawn in one go (no await after the model switch,
  // so `state.model` never names a model whose bars are not drawn yet).
  const m = await getModel(id);
  const examples = await getExamples(id, m);
  current = m;
  state.model = id;
  setupAttentionControls(current);
  renderExamples(examples);
  renderInfo(current);
  update();
  setStatus(`Ready: ${current.info.name}`);
}

async function useTrainedModel(m: NewsModel) {
  if (!state.ready) throw new Error('the page is still loading its backend and first model');
  const previous = models.get(TRAINED_ID);
  models.set(TRAINED_ID, m);
  if (!modelSelect.querySelector(`option[value="${TRAINED_ID}"]`)) {
    modelSelect.append(option(TRAINED_ID, TRAINED_LABEL));
  }
  modelSelect.disabled = false;
  modelSelect.value = TRAINED_ID;
  showTab('classify');
  await selectModel(TRAINED_ID);
  if (previous && previous !== m) previous.model.dispose();
}

/**
 * The Train tab's code (CSV parsing, zip, chart; its worker is a chunk of its own) loads on the
 * first visit to the tab, not with the page. Its controls stay disabled until it is wired.
 */
let trainTabLoading = false;
function openTrainTab() {
  if (trainTabLoading) return;
  trainTabLoading = true;
  import('./train/tab.js').then(
    ({ setupTrainTab }) => setupTrainTab({ useModel: useTrainedModel }),
    (e: Error) => {
      trainTabLoading = false; // a later visit tries again
      setStatus(`Could not load the Train tab: ${e.message}`, true);
    },
  );
}
const showTab = setupTabs((name) => {
  if (name === 'train') openTrainTab();
});

async function main() {
  if (typeof WebAssembly !== 'object') {
    throw new Error('WebAssembly is not available in this browser, so the model cannot run.');
  }
  // The page classifies one text at a time on one thread: the single-threaded SIMD build, so no
  // idle pthread pool is kept (the Train tab's worker picks its own build).
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await initWasm({
    wasmPaths: {
      'tfjs-backend-wasm.wasm': plain,
      'tfjs-backend-wasm-simd.wasm': simd,
      'tfjs-backend-wasm-threaded-simd.wasm': threaded,
    },
  });
  const { kernels: _kernels, ...info } = await wasmInfo();
  state.backend = info;
  const listing = await fetch(`${import.meta.env.BASE_URL}models/index.json`);
  if (!listing.ok) throw new Error(`models/index.json: HTTP ${listing.status}`);
  const entries = (await listing.json()) as ModelEntry[];
  if (!Array.isArray(entries) || entries.length === 0) throw new Error('no models listed');
  for (const m of entries) modelSelect.append(option(m.id, m.label));
  // A model trained here on an earlier visit (no storage, or none kept: only the shipped ones).
  if (await hasKeptModel().catch(() => false))
    modelSelect.append(option(TRAINED_ID, TRAINED_LABEL));
  modelSelect.disabled = modelSelect.options.length < 2;
  modelSelect.addEventListener('change', () => {
    selectModel(modelSelect.value).catch((e) => setStatus(String(e), true));
  });
  const first = entries[0]!.id;
  input.value = (await getExamples(first, await getModel(first)))[0]!.text;
  await selectModel(first);
  // Warm-up done by the first classification above; ready now.
  state.readyMs = performance.now();
  state.ready = true;
}

main().catch((e) => {
  state.error = String((e as Error)?.stack ?? e);
  setStatus(`Error: ${(e as Error)?.message ?? e}`, true);
});
