import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { childSeed, Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../checkpoint/storage.js';
import { AdamW } from '../optimizers/adamw.js';
import { Trainer } from '../trainer.js';
import type { EpochContext, StepContext } from '../types.js';
import { reseedDropout } from './dropout_seed.js';

beforeAll(async () => {
  await initWasm();
});

/** A dropout layer with its own mask stream, like @tfnlp/layers' Dropout: state outside checkpoints. */
class StreamDropout {
  private rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }
  forward(x: tf.Tensor): tf.Tensor {
    return tf.dropout(x, 0.5, undefined, this.rng.seed());
  }
}

/** dense -> dropout -> dense, with `namedModules()` as a @tfnlp/layers Module tree. */
class Net {
  readonly drop = new StreamDropout(99);
  readonly params: Array<[string, tf.Variable]>;
  constructor() {
    const rng = new Rng(5);
    this.params = [
      ['a', tf.variable(tf.randomNormal([4, 16], 0, 0.5, 'float32', rng.seed()))],
      ['b', tf.variable(tf.randomNormal([16, 2], 0, 0.5, 'float32', rng.seed()))],
    ];
  }
  namedParameters() {
    return this.params;
  }
  namedModules(): Array<[string, unknown]> {
    return [
      ['', this],
      ['drop', this.drop],
    ];
  }
  values(): number[][] {
    return this.params.map(([, v]) => Array.from(v.dataSync()));
  }
}

interface Batch {
  x: Float32Array; // [8, 4]
  labels: Int32Array; // [8]
}

const data: Batch[] = Array.from({ length: 4 }, (_, i) => {
  const rng = new Rng(100 + i);
  const x = Float32Array.from({ length: 32 }, () => rng.random() * 2 - 1);
  return { x, labels: Int32Array.from({ length: 8 }, (_, r) => (x[r * 4]! > 0 ? 1 : 0)) };
});
const batches = (_: EpochContext) => data;

function trainer(net: Net, storage = memoryStorage(), reseedInForward = false) {
  return new Trainer({
    model: net,
    // This forward never reseeds (unless asked): the trainer must.
    forward: (m: Net, b: Batch, ctx: StepContext) => {
      if (reseedInForward && ctx.training) reseedDropout(m, ctx.seed);
      const h = tf.relu(tf.matMul(tf.tensor2d(b.x, [8, 4]), m.params[0]![1])); // [8, 16]
      return tf.matMul(ctx.training ? m.drop.forward(h) : h, m.params[1]![1]); // [8, 2]
    },
    optimizer: new AdamW({ lr: 0.05 }),
    seed: 3,
    checkpoint: { storage, everySteps: 3 },
  });
}

describe('the trainer reseeds dropout before every training forward', () => {
  it('exact resume without the forward reseeding: killed after update 3 == uninterrupted', async () => {
    const full = new Net();
    await trainer(full).fit(batches, { epochs: 2 });

    const storage = memoryStorage();
    const first = new Net();
    await trainer(first, storage).fit(batches, { epochs: 2, maxSteps: 3 });
    const resumed = new Net(); // a fresh process: its dropout stream starts from its own seed
    const result = await trainer(resumed, storage).fit(batches, { epochs: 2, resume: true });
    expect(result.step).toBe(8);
    expect(resumed.values()).toEqual(full.values());
  });

  it('a forward that still calls reseedDropout itself trains the very same model', async () => {
    const a = new Net();
    const b = new Net();
    await trainer(a).fit(batches, { epochs: 1 });
    await trainer(b, memoryStorage(), true).fit(batches, { epochs: 1 });
    expect(b.values()).toEqual(a.values());
  });

  it("reseeds from core's childSeed: the seeds @tfnlp/layers derives (values pinned from it)", () => {
    expect(childSeed(123456789, 'encoder.layers.0.dropout')).toBe(1680453471);
    expect(childSeed(0, '')).toBe(2166136261);
    expect(childSeed(4294967295, 'drop')).toBe(3362589635);
  });
});
