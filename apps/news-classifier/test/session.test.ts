// The Train tab's training run in Node (the worker runs the same function in the page): the
// loss falls on the built-in sample, an abort stops it after the current update, the model
// comes back as files a shipped model has, and no tensor is left behind.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, loadNewsModel } from '../src/model.js';
import { DOWNLOAD_NAME, modelZip } from '../src/train/download.js';
import { modelFromFiles } from '../src/train/kept_model.js';
import { builtInSample, SAMPLE_PER_CLASS } from '../src/train/sample.js';
import { type EpochProgress, type StepProgress, trainClassifier } from '../src/train/session.js';
import { checkSettings, DEFAULT_SETTINGS } from '../src/train/settings.js';

beforeAll(async () => {
  await initWasm();
});

describe('trainClassifier', () => {
  it('learns the built-in sample; the files load and classify; nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const steps: StepProgress[] = [];
    const epochs: EpochProgress[] = [];
    const sample = builtInSample();
    const result = await trainClassifier(
      sample,
      { ...DEFAULT_SETTINGS, epochs: 4 },
      { onStep: (s) => steps.push(s), onEpoch: (e) => epochs.push(e) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.stopReason).toBe('completed');
    expect(epochs).toHaveLength(4);
    expect(steps).toHaveLength(result.steps);
    // Stratified 20 %: round(48 * 0.2) = 10 held out per class, 38 per class to train on.
    const held = 4 * Math.round(SAMPLE_PER_CLASS * 0.2);
    expect(result.steps).toBe(4 * Math.ceil((sample.texts.length - held) / 16));
    const mean = (xs: StepProgress[]) => xs.reduce((a, s) => a + s.loss, 0) / xs.length;
    expect(mean(steps.slice(-5))).toBeLessThan(mean(steps.slice(0, 5)));
    expect(epochs.at(-1)!.valAccuracy).toBeGreaterThan(0.5); // 4 classes: chance is 0.25
    expect(result.info.labels).toEqual(sample.classes);
    expect(result.info.trainedInBrowser).toBe(true);
    // A browser-trained model is scored on its validation split only: no test score.
    expect(result.info.scores.test).toBeUndefined();
    expect(result.info.scores.validation?.examples).toBe(held);
    expect(result.info.scores.validation?.accuracy).toBe(result.validationAccuracy);

    const m = await modelFromFiles(result.files);
    const text = 'The striker scored twice as the champions won the cup final.';
    const c = classify(m, text);
    expect(c.probabilities).toHaveLength(4);
    expect(c.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    m.model.dispose();

    // "Download": the zip holds the same four files in one folder; they load and classify alike.
    const unzipped = unzipSync(modelZip(result.files));
    const names = Object.keys(result.files).map((n) => `${DOWNLOAD_NAME}/${n}`);
    expect(Object.keys(unzipped).sort()).toEqual(names.sort());
    expect(unzipped[`${DOWNLOAD_NAME}/model.safetensors`]).toEqual(
      result.files['model.safetensors'],
    );
    const fromZip = await loadNewsModel(async (name) => {
      const bytes = unzipped[`${DOWNLOAD_NAME}/${name}`]!;
      return { text: async () => new TextDecoder().decode(bytes), bytes: async () => bytes };
    });
    expect(classify(fromZip, text).probabilities).toEqual(c.probabilities);
    fromZip.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops after the current update when aborted, and still returns the model', async () => {
    const before = tf.memory().numTensors;
    const abort = new AbortController();
    let steps = 0;
    const result = await trainClassifier(
      builtInSample(),
      { ...DEFAULT_SETTINGS, epochs: 50 },
      {
        signal: abort.signal,
        onStep: () => {
          if (++steps === 2) abort.abort();
        },
      },
    );
    expect(result.stopReason).toBe('requested');
    expect(result.steps).toBe(2);
    expect(result.info.training.command).toMatch(/cancelled/);
    expect(result.files['model.safetensors'].byteLength).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad settings and data it cannot split', async () => {
    expect(() => checkSettings({ ...DEFAULT_SETTINGS, dModel: 30, numHeads: 4 })).toThrow(
      /multiple of numHeads/,
    );
    expect(() => checkSettings({ ...DEFAULT_SETTINGS, epochs: 0, lr: Number.NaN })).toThrow(
      /epochs must be an integer.*lr must be in/,
    );
    await expect(
      trainClassifier(
        { name: 'tiny', texts: ['a', 'b'], labels: [0, 1], classes: ['x', 'y'] },
        DEFAULT_SETTINGS,
      ),
    ).rejects.toThrow(/0 to train on|0 to validate on/);
    // Within the form's ranges but too large to train in the worker's wasm heap: refused first.
    await expect(
      trainClassifier(builtInSample(), { ...DEFAULT_SETTINGS, vocabSize: 1_000_000, dModel: 1024 }),
    ).rejects.toThrow(/model too large for the 2 GiB wasm heap/);
  });
});
