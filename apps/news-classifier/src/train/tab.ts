/**
 * The Train tab: data (a dropped or chosen CSV, or the built-in sample), settings, Start /
 * Cancel, live progress and chart, "Use this model", which hands the trained model to the
 * classifier and keeps it in IndexedDB ("Forget" removes it), and "Download", a zip of its
 * model folder. Training
 * runs in a Web Worker (worker.ts). User data is only ever rendered as text.
 * `window.__newsTrain` exposes the run for the end-to-end test.
 */
import type { NewsModel } from '../model.js';
import { type ChartData, drawChart } from './chart.js';
import { type CsvDataset, type LabelledTexts, labelledTextsFromCsv } from './columns.js';
import { classCounts, dataProblem } from './data_check.js';
import { DOWNLOAD_NAME, modelZip, saveAs } from './download.js';
import {
  forgetTrainedFiles,
  hasKeptModel,
  keepTrainedFiles,
  modelFromFiles,
} from './kept_model.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { builtInSample } from './sample.js';
import type { EpochProgress, Prepared, StepProgress, TrainedFiles } from './session.js';
import { checkSettings, DEFAULT_SETTINGS, type TrainSettings } from './settings.js';

/** Largest CSV the tab reads (the whole file is held in memory, twice while parsing). */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** Least time between two chart summaries read out by screen readers (a live region). */
const SUMMARY_MS = 5000;

/** `s` seconds as "42 s" or "3 min 5 s". */
function formatSeconds(s: number): string {
  const r = Math.round(s);
  return r < 60 ? `${r} s` : `${Math.floor(r / 60)} min ${r % 60} s`;
}

type RunStatus = 'idle' | 'starting' | 'training' | 'cancelling' | 'done' | 'cancelled' | 'error';

export interface TrainTabState {
  status: RunStatus;
  data: { name: string; examples: number; classes: string[] } | null;
  /** Why the last file chosen or dropped was refused (its data is then cleared), or null. */
  dataError: string | null;
  /** Why Start is disabled for the data and settings as they are (null when it may start). */
  startProblem: string | null;
  backend: Extract<FromWorker, { type: 'backend' }>['backend'] | null;
  prepared: Prepared | null;
  steps: StepProgress[];
  epochs: EpochProgress[];
  result: Omit<Extract<FromWorker, { type: 'done' }>, 'type' | 'files'> | null;
  error: string | null;
  /** ms from the Cancel click to the worker's final message. */
  cancelMs: number | null;
  /** Times "Use this model" made the trained model the active one. */
  used: number;
  /** Times its files were kept in IndexedDB (for the next visit). */
  kept: number;
  /** Whether IndexedDB holds a kept model now (null until known). */
  hasKept: boolean | null;
  /** Times "Download" handed the model's zip to the browser. */
  downloads: number;
}

declare global {
  interface Window {
    __newsTrain: TrainTabState;
  }
}

export interface TrainTabOptions {
  /** Makes `model` the classifier's active model (and shows the Classify tab). */
  useModel(model: NewsModel): Promise<void>;
}

const $ = <T extends HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

const SETTING_INPUTS: Array<[keyof TrainSettings, string, (v: number) => number]> = [
  ['epochs', 'opt-epochs', (v) => v],
  ['dModel', 'opt-dmodel', (v) => v],
  ['numLayers', 'opt-layers', (v) => v],
  ['numHeads', 'opt-heads', (v) => v],
  ['maxLength', 'opt-maxlen', (v) => v],
  ['batchSize', 'opt-batch', (v) => v],
  ['lr', 'opt-lr', (v) => v],
  ['validationFraction', 'opt-val', (v) => v / 100],
];

export function setupTrainTab(options: TrainTabOptions): void {
  const state: TrainTabState = {
    status: 'idle',
    data: null,
    dataError: null,
    startProblem: null,
    backend: null,
    prepared: null,
    steps: [],
    epochs: [],
    result: null,
    error: null,
    cancelMs: null,
    used: 0,
    kept: 0,
    hasKept: null,
    downloads: 0,
  };
  window.__newsTrain = state;

  const drop = $('train-drop');
  const fileInput = $<HTMLInputElement>('train-file');
  const sampleButton = $<HTMLButtonElement>('train-sample');
  const summary = $('train-data');
  const preview = $('train-preview');
  const startButton = $<HTMLButtonElement>('train-start');
  const cancelButton = $<HTMLButtonElement>('train-cancel');
  const useButton = $<HTMLButtonElement>('train-use');
  const downloadButton = $<HTMLButtonElement>('train-download');
  const forgetButton = $<HTMLButtonElement>('train-forget');
  const progress = $('train-progress');
  const stepLine = $('train-step');
  const check = $('train-check');
  const chartSummary = $('train-chart-summary');
  const resultLine = $('train-result');
  const canvas = $<HTMLCanvasElement>('train-chart');

  for (const [key, id] of SETTING_INPUTS) {
    const value = DEFAULT_SETTINGS[key];
    const field = $<HTMLInputElement>(id);
    field.value = String(key === 'validationFraction' ? value * 100 : value);
    field.addEventListener('input', () => setButtons());
  }

  let data: LabelledTexts | null = null;
  let worker: Worker | null = null;
  let files: TrainedFiles | null = null;
  let cancelClicked = 0;
  /** Epochs of the current run (the input may change while it trains). */
  let runEpochs = 1;
  let chart: ChartData = { steps: [], epochs: [], totalSteps: 0 };
  let drawPending = false;

  const redraw = () => {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      drawChart(canvas, chart);
    });
  };

  // Redrawn when the canvas gets its size: shown again (tab switch) or resized.
  new ResizeObserver(() => redraw()).observe(canvas);

  const setProgress = (text: string, error = false) => {
    progress.textContent = text;
    progress.classList.toggle('error', error);
  };

  const isBusy = () => ['starting', 'training', 'cancelling'].includes(state.status);
  const readSettings = (): TrainSettings => {
    const s: TrainSettings = { ...DEFAULT_SETTINGS };
    for (const [key, id, scale] of SETTING_INPUTS) {
      const raw = $<HTMLInputElement>(id).value.trim();
      s[key] = raw === '' ? Number.NaN : scale(Number(raw));
    }
    checkSettings(s);
    return s;
  };

  /** Everything Start would refuse, checked as the data and settings change. */
  const startProblem = (): string | null => {
    if (!data) return null;
    let settings: TrainSettings;
    try {
      settings = readSettings();
    } catch (e) {
      return (e as Error).message;
    }
    return dataProblem(data, settings.validationFraction);
  };
  const setButtons = () => {
    const busy = isBusy();
    const problem = busy ? state.startProblem : startProblem();
    state.startProblem = problem;
    check.textContent = problem ? `Cannot start: ${problem}` : '';
    startButton.disabled = busy || data === null || problem !== null;
    cancelButton.disabled = !(state.status === 'starting' || state.status === 'training');
    useButton.disabled = busy || files === null;
    downloadButton.disabled = busy || files === null;
    forgetButton.disabled = state.hasKept !== true;
    sampleButton.disabled = busy;
    fileInput.disabled = busy;
  };

  const showData = (d: LabelledTexts, csv?: CsvDataset) => {
    // Too few rows or classes: refused here, not inside the worker (NaN: no split check yet).
    const problem = dataProblem(d, Number.NaN);
    if (problem) {
      dataError(`${d.name}: ${problem}`);
      return;
    }
    data = d; // a model trained before stays usable until the next run
    state.data = { name: d.name, examples: d.texts.length, classes: [...d.classes] };
    state.dataError = null;
    const counts = classCounts(d);
    let text = `${d.name}: ${d.texts.length.toLocaleString('en-US')} examples, ${d.classes.length} classes (${d.classes
      .map((c, i) => `${c} ${counts[i]}`)
      .join(', ')})`;
    if (csv) {
      const { names, text: t, label } = csv.columns;
      text += `; text column "${names[t]}", label column "${names[label]}"${csv.columns.header ? '' : ' (no header row)'}`;
      if (csv.skipped) text += `; ${csv.skipped} rows skipped (wrong number of columns or empty)`;
    }
    summary.textContent = text;
    summary.classList.remove('error');
    // The first example of each class (at most 6), so a wrong label column shows at once.
    const firsts = d.classes.map((_, c) => d.labels.indexOf(c)).slice(0, 6);
    const rows = firsts.map((i) => {
      const t = d.texts[i]!;
      const tr = document.createElement('tr');
      const label = document.createElement('td');
      label.textContent = d.classes[d.labels[i]!]!;
      const cell = document.createElement('td');
      cell.textContent = t.length > 160 ? `${t.slice(0, 160)}…` : t;
      tr.append(label, cell);
      return tr;
    });
    preview.replaceChildren(...rows);
    setButtons();
  };

  /** Refuses a file: its message, and the previous data (file or sample) is cleared, not kept. */
  const dataError = (message: string) => {
    data = null;
    state.data = null;
    state.dataError = message;
    summary.textContent = `Could not read the data: ${message}`;
    summary.classList.add('error');
    preview.replaceChildren();
    setButtons();
  };

  const readFile = async (file: File) => {
    if (file.size > MAX_CSV_BYTES) {
      dataError(
        `${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MB; the limit is ${MAX_CSV_BYTES / 2 ** 20} MB`,
      );
      return;
    }
    try {
      const csv = labelledTextsFromCsv(new Uint8Array(await file.arrayBuffer()), file.name);
      showData(csv, csv);
    } catch (e) {
      dataError((e as Error).message);
    }
  };

  sampleButton.addEventListener('click', () => {
    fileInput.value = ''; // the file input must not show a file that is not in use
    showData(builtInSample());
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void readFile(file);
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file && !isBusy()) {
      fileInput.value = '';
      void readFile(file);
    } else if (file) dataError('wait for the current run to end before loading new data');
  });

  const finish = (status: RunStatus) => {
    state.status = status;
    if (cancelClicked) state.cancelMs = performance.now() - cancelClicked;
    worker?.terminate();
    worker = null;
    setButtons();
  };

  /** The chart in words (a live region): at most every SUMMARY_MS, and at each epoch and the end. */
  let summaryAt = 0;
  const summarize = (force: boolean) => {
    const now = performance.now();
    if (!force && now - summaryAt < SUMMARY_MS) return;
    summaryAt = now;
    const s = state.steps.at(-1);
    if (!s) {
      chartSummary.textContent = 'No updates yet.';
      return;
    }
    const total = chart.totalSteps;
    const rate = s.elapsedSeconds > 0 ? s.step / s.elapsedSeconds : 0;
    const left =
      isBusy() && rate > 0 && total > s.step
        ? `, about ${formatSeconds((total - s.step) / rate)} left`
        : '';
    const v = state.epochs.at(-1);
    chartSummary.textContent =
      `Update ${s.step}${total ? ` of ${total}` : ''}${left}: loss ${s.loss.toFixed(3)}, ` +
      `train accuracy ${(s.accuracy * 100).toFixed(1)} %` +
      (v
        ? `; validation accuracy ${(v.valAccuracy * 100).toFixed(1)} % after epoch ${v.epoch + 1}.`
        : '.');
  };

  const onMessage = (m: FromWorker) => {
    switch (m.type) {
      case 'backend':
        state.backend = m.backend;
        setProgress(
          `Backend ready in the worker: ${m.backend.backend}, SIMD ${m.backend.simd ? 'on' : 'off'}, threads ${m.backend.threads}. Preparing the data…`,
        );
        break;
      case 'prepared': {
        const { type: _t, ...p } = m;
        state.prepared = p;
        if (state.status === 'starting') state.status = 'training'; // not when cancelling
        chart.totalSteps = p.stepsPerEpoch * runEpochs;
        setProgress(
          `Training on ${p.trainExamples} examples (${p.validationExamples} held out), vocabulary ${p.vocabularySize.toLocaleString('en-US')}, ${p.parameters.toLocaleString('en-US')} parameters…`,
        );
        break;
      }
      case 'step': {
        const { type: _t, ...p } = m;
        state.steps.push(p);
        chart.steps.push([p.step, p.loss, p.accuracy]);
        const rate = p.elapsedSeconds > 0 ? p.step / p.elapsedSeconds : 0;
        if (state.status === 'training') {
          stepLine.textContent = `Epoch ${p.epoch + 1}/${p.epochs}, update ${p.stepInEpoch}/${p.stepsPerEpoch}: loss ${p.loss.toFixed(3)}, accuracy ${(p.accuracy * 100).toFixed(1)} % (${rate.toFixed(1)} updates/s)`;
        }
        summarize(false);
        redraw();
        break;
      }
      case 'epoch': {
        const { type: _t, ...p } = m;
        state.epochs.push(p);
        chart.epochs.push([p.step, p.valAccuracy]);
        resultLine.textContent = `After epoch ${p.epoch + 1}: validation accuracy ${(p.valAccuracy * 100).toFixed(1)} % (loss ${p.valLoss.toFixed(3)})`;
        summarize(true);
        redraw();
        break;
      }
      case 'done': {
        const { type: _t, files: trained, ...r } = m;
        files = trained;
        state.result = r;
        const cancelled = r.stopReason === 'requested';
        setProgress(
          `${cancelled ? 'Cancelled' : 'Done'} after ${r.steps} updates in ${r.wallSeconds.toFixed(1)} s.`,
        );
        resultLine.textContent = `Final validation accuracy: ${(r.validationAccuracy * 100).toFixed(1)} % (${state.prepared?.validationExamples ?? '?'} examples). "Use this model" makes it the classifier's model (kept in this browser for your next visit); "Download" saves it as a zip of its model folder.`;
        finish(cancelled ? 'cancelled' : 'done');
        summarize(true);
        break;
      }
      case 'error':
        state.error = m.message;
        setProgress(`Training failed: ${m.message}`, true);
        finish('error');
        break;
    }
  };

  startButton.addEventListener('click', () => {
    if (!data) return;
    let settings: TrainSettings;
    try {
      settings = readSettings();
    } catch (e) {
      setProgress((e as Error).message, true);
      return;
    }
    if (typeof Worker !== 'function' || typeof WebAssembly !== 'object') {
      setProgress(
        'This browser has no Web Workers or no WebAssembly, so it cannot train here.',
        true,
      );
      return;
    }
    Object.assign(state, {
      status: 'starting',
      backend: null,
      prepared: null,
      steps: [],
      epochs: [],
      result: null,
      error: null,
      cancelMs: null,
    } satisfies Partial<TrainTabState>);
    files = null;
    cancelClicked = 0;
    runEpochs = settings.epochs;
    chart = { steps: [], epochs: [], totalSteps: 0 };
    resultLine.textContent = '';
    stepLine.textContent = '';
    summarize(true);
    redraw();
    setProgress('Starting the training worker…');
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      onMessage({ type: 'error', message: e.message || 'the training worker failed to load' });
    };
    const start: ToWorker = { type: 'start', data, settings };
    worker.postMessage(start);
    setButtons();
  });

  cancelButton.addEventListener('click', () => {
    if (!worker) return;
    cancelClicked = performance.now();
    state.status = 'cancelling';
    setProgress('Cancelling after the current update…');
    worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    setButtons();
  });

  useButton.addEventListener('click', async () => {
    if (!files) return;
    const trained = files;
    useButton.disabled = true;
    try {
      const model = await modelFromFiles(trained);
      await options.useModel(model);
      state.used++;
      // Kept for the next visit; a browser without storage still uses it now.
      await keepTrainedFiles(trained).then(
        () => {
          state.kept++;
          state.hasKept = true;
        },
        (e: Error) =>
          setProgress(`Using the model, but this browser could not keep it: ${e.message}`, true),
      );
    } catch (e) {
      setProgress(`Could not use the model: ${(e as Error).message}`, true);
    } finally {
      setButtons();
    }
  });

  downloadButton.addEventListener('click', () => {
    if (!files) return;
    try {
      saveAs(modelZip(files), `${DOWNLOAD_NAME}.zip`, 'application/zip');
      state.downloads++;
    } catch (e) {
      setProgress(`Could not download the model: ${(e as Error).message}`, true);
    }
  });

  forgetButton.addEventListener('click', async () => {
    forgetButton.disabled = true;
    try {
      await forgetTrainedFiles();
      state.hasKept = false;
      setProgress(
        'The kept model was removed from this browser (the page keeps it until you leave).',
      );
    } catch (e) {
      setProgress(`Could not remove the kept model: ${(e as Error).message}`, true);
    } finally {
      setButtons();
    }
  });

  hasKeptModel().then(
    (kept) => {
      state.hasKept = kept;
      setButtons();
    },
    () => {
      state.hasKept = false;
    },
  );
  setButtons();
  redraw();
}
