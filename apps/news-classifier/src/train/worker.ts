/**
 * The Train tab's Web Worker: its own wasm backend (threaded when the page is cross-origin
 * isolated, SIMD single-thread otherwise), one training run per 'start', progress posted per
 * update and per epoch, 'cancel' stopping the run after the current update. The page stays
 * responsive because none of this runs on its thread.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import type { FromWorker, ToWorker } from './protocol.js';
import { trainClassifier } from './session.js';

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

let running: AbortController | null = null;

// Between updates the run yields to the event loop so a 'cancel' message is handled. A
// MessageChannel round trip is a task without setTimeout's 4 ms clamp for nested timers
// (a quarter of an update on the built-in sample).
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

async function start(message: Extract<ToWorker, { type: 'start' }>) {
  if (running) throw new Error('a training run is already going on in this worker');
  const abort = new AbortController();
  running = abort;
  try {
    const { kernels: _kernels, ...backend } = await initWasm({
      wasmPaths: {
        'tfjs-backend-wasm.wasm': plain,
        'tfjs-backend-wasm-simd.wasm': simd,
        'tfjs-backend-wasm-threaded-simd.wasm': threaded,
      },
    });
    post({ type: 'backend', backend });
    const result = await trainClassifier(message.data, message.settings, {
      signal: abort.signal,
      yieldToEvents,
      onPrepared: (p) => post({ type: 'prepared', ...p }),
      onStep: (p) => post({ type: 'step', ...p }),
      onEpoch: (p) => post({ type: 'epoch', ...p }),
    });
    const weights = result.files['model.safetensors'];
    post(
      {
        type: 'done',
        files: result.files,
        stopReason: result.stopReason,
        steps: result.steps,
        validationAccuracy: result.validationAccuracy,
        wallSeconds: result.wallSeconds,
        tensorsLeft: tf.memory().numTensors,
      },
      [weights.buffer as ArrayBuffer],
    );
  } finally {
    running = null;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    running?.abort();
    return;
  }
  start(message).catch((e: unknown) =>
    post({ type: 'error', message: (e as Error)?.message ?? String(e) }),
  );
};
