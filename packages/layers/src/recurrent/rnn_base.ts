/**
 * Multi-layer, optionally bidirectional recurrent layer in PyTorch layout. LSTM, GRU and
 * SimpleRNN (lstm.ts, gru.ts, simple_rnn.ts) are thin subclasses.
 *
 * Parameters per layer l (suffix `_reverse` for the backward direction), as in PyTorch:
 *   weight_ih_l{l}  [G*H, in]    weight_hh_l{l}  [G*H, H]
 *   bias_ih_l{l}    [G*H]        bias_hh_l{l}    [G*H]
 * with G = 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n), 1 (RNN). Inputs are batch-first.
 *
 * Padding: with `mask` (1 = real, 0 = padding, right-padded rows), a padded step leaves
 * the state unchanged and outputs zeros, so the final states equal PyTorch's with
 * `pack_padded_sequence`: the forward direction stops at each row's last real token, the
 * backward direction starts there.
 *
 * Speed: where the backend has the fused `TfnlpLstmSequence` / `TfnlpGruSequence` kernels
 * (@tfnlp/backend-wasm registers them for wasm), an LSTM or GRU direction runs as one kernel
 * call forward and one backward instead of ~10 per time step. Same equations, same mask rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import * as init from '../core/initializers.js';
import { floatMask } from '../core/mask.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { linear, unstack } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { Dropout } from '../layers/dropout.js';
import { type CellMode, type CellState, cellStep, gateCount } from './cells.js';

/** Options of `LSTM`, `GRU` and `SimpleRNN` (PyTorch's names). */
export interface RNNOptions {
  inputSize: number;
  hiddenSize: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Run a second direction right-to-left and concatenate (default false). */
  bidirectional?: boolean;
  /** Default true. */
  bias?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Initialisation and dropout seed (default 42). */
  seed?: number;
}

/** Optional inputs of a recurrent forward pass. */
export interface RNNForwardOptions {
  /** [batch, time], 1 = real token, 0 = padding (right padding). */
  mask?: tf.Tensor;
  /** Initial hidden state [numLayers * numDirections, batch, hidden]; zeros if omitted. */
  h0?: tf.Tensor3D;
  /** Initial cell state (LSTM only), same shape as h0. */
  c0?: tf.Tensor3D;
}

/** Output of a recurrent forward pass. */
export interface RNNOutput {
  /** [batch, time, numDirections * hidden]; zeros at padded steps. */
  output: tf.Tensor3D;
  /** Final hidden state per layer and direction: [numLayers * numDirections, batch, hidden]. */
  hN: tf.Tensor3D;
  /** Final cell state (LSTM only), same shape as hN. */
  cN?: tf.Tensor3D;
}

/** Kernels that run a whole direction in one call (see @tfnlp/backend-wasm). */
const FUSED_KERNELS: Partial<Record<CellMode, string>> = {
  LSTM: 'TfnlpLstmSequence',
  GRU: 'TfnlpGruSequence',
};

interface DirectionWeights {
  wih: tf.Variable; // [G*H, in]
  whh: tf.Variable; // [G*H, H]
  bih: tf.Variable | null;
  bhh: tf.Variable | null;
}

export abstract class RNNBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numDirections: number;
  private readonly weights: DirectionWeights[][] = []; // [layer][direction]
  private readonly interLayerDropout: Dropout | null;
  /** Registered class name for getConfig. */
  protected abstract readonly typeName: string;

  protected constructor(
    readonly mode: CellMode,
    readonly options: RNNOptions,
  ) {
    super();
    const { inputSize, hiddenSize } = options;
    if (!(inputSize > 0 && hiddenSize > 0)) {
      throw new Error(
        `${mode}: inputSize and hiddenSize must be positive, got ${inputSize}, ${hiddenSize}.`,
      );
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = options.numLayers ?? 1;
    this.numDirections = options.bidirectional ? 2 : 1;
    const rng = new Rng(options.seed ?? DEFAULT_SEED);
    const G = gateCount(mode);
    const bound = 1 / Math.sqrt(hiddenSize);
    for (let l = 0; l < this.numLayers; l++) {
      const layerIn = l === 0 ? inputSize : hiddenSize * this.numDirections;
      const dirs: DirectionWeights[] = [];
      for (let d = 0; d < this.numDirections; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        dirs.push({
          wih: this.addParameter(
            `weight_ih${sfx}`,
            init.uniform([G * hiddenSize, layerIn], bound, rng),
          ),
          whh: this.addParameter(
            `weight_hh${sfx}`,
            init.uniform([G * hiddenSize, hiddenSize], bound, rng),
          ),
          bih:
            options.bias === false
              ? null
              : this.addParameter(`bias_ih${sfx}`, init.uniform([G * hiddenSize], bound, rng)),
          bhh:
            options.bias === false
              ? null
              : this.addParameter(`bias_hh${sfx}`, init.uniform([G * hiddenSize], bound, rng)),
        });
      }
      this.weights.push(dirs);
    }
    const p = options.dropout ?? 0;
    this.interLayerDropout =
      p > 0 && this.numLayers > 1
        ? this.addModule('dropout', new Dropout({ p, seed: rng.nextUint32() }))
        : null;
  }

  /** x: [batch, time, inputSize] -> output, final states. */
  forward(x: tf.Tensor3D, opts: RNNForwardOptions = {}): RNNOutput {
    const [B, T, inF] = x.shape;
    if (x.rank !== 3 || inF !== this.inputSize) {
      throw new Error(
        `${this.mode}.forward: expected input [batch, time, ${this.inputSize}] (batch first), got [${x.shape}].`,
      );
    }
    const L = this.numLayers;
    const D = this.numDirections;
    const H = this.hiddenSize;
    const isLstm = this.mode === 'LSTM';
    for (const [name, s] of [
      ['h0', opts.h0],
      ['c0', opts.c0],
    ] as const) {
      if (s && !tf.util.arraysEqual(s.shape, [L * D, B, H])) {
        throw new Error(
          `${this.mode}.forward: ${name} must be [${L * D}, ${B}, ${H}], got [${s.shape}].`,
        );
      }
    }
    return tf.tidy(() => {
      const fusedKernel = FUSED_KERNELS[this.mode];
      const fused =
        fusedKernel !== undefined && tf.getKernel(fusedKernel, tf.getBackend()) !== undefined;
      const maskTB = opts.mask ? tf.transpose(floatMask(opts.mask, B, T)) : null; // [T, B]
      // Per-step mask columns [B, 1], time-major (unfused path).
      const maskSteps = fused
        ? null
        : opts.mask
          ? unstack(tf.transpose(floatMask(opts.mask, B, T))).map((m) => tf.expandDims(m, 1))
          : null;
      const h0 = opts.h0 ? unstack(opts.h0) : null;
      const c0 = opts.c0 ? unstack(opts.c0) : null;
      const zeros = tf.zeros([B, H]) as tf.Tensor2D;
      const hN: tf.Tensor2D[] = [];
      const cN: tf.Tensor2D[] = [];
      let layerInput: tf.Tensor3D = x;
      for (let l = 0; l < L; l++) {
        const outs: tf.Tensor3D[] = [];
        for (let d = 0; d < D; d++) {
          const w = this.weights[l]![d]!;
          const idx = l * D + d;
          const init: CellState = {
            h: (h0?.[idx] as tf.Tensor2D) ?? zeros,
            ...(isLstm ? { c: (c0?.[idx] as tf.Tensor2D) ?? zeros } : {}),
          };
          const { output, final } = fused
            ? runDirectionFused(this.mode, layerInput, w, init, maskTB, d === 1)
            : this.runDirection(layerInput, w, init, maskSteps, d === 1);
          outs.push(output);
          hN.push(final.h);
          if (final.c) cN.push(final.c);
        }
        layerInput = (D === 1 ? outs[0]! : tf.concat(outs, 2)) as tf.Tensor3D; // [B, T, D*H]
        if (this.interLayerDropout && l < L - 1) {
          layerInput = this.interLayerDropout.forward(layerInput) as tf.Tensor3D;
        }
      }
      const result: RNNOutput = { output: layerInput, hN: tf.stack(hN) as tf.Tensor3D };
      if (isLstm) result.cN = tf.stack(cN) as tf.Tensor3D;
      return result as unknown as tf.TensorContainer;
    }) as unknown as RNNOutput;
  }

  /** One direction of one layer over the whole sequence. */
  private runDirection(
    x: tf.Tensor3D, // [B, T, in]
    w: DirectionWeights,
    state: CellState,
    maskSteps: tf.Tensor[] | null, // T x [B, 1]
    reverse: boolean,
  ): { output: tf.Tensor3D; final: CellState } {
    const T = x.shape[1];
    // Input projection for all steps at once, then split time-major: T x [B, G*H].
    const xProj = linear(x, w.wih, w.bih); // [B, T, G*H]
    const xg = unstack(tf.transpose(xProj, [1, 0, 2])) as tf.Tensor2D[];
    const whhT = tf.transpose(w.whh) as tf.Tensor2D; // [H, G*H]
    const outputs: tf.Tensor[] = new Array(T);
    for (let s = 0; s < T; s++) {
      const t = reverse ? T - 1 - s : s;
      const next = cellStep(this.mode, xg[t]!, state, whhT, w.bhh);
      const m = maskSteps?.[t];
      if (m) {
        // Padding: keep the previous state, output zeros.
        state = {
          h: tf.add(state.h, tf.mul(m, tf.sub(next.h, state.h))) as tf.Tensor2D,
          ...(next.c
            ? { c: tf.add(state.c!, tf.mul(m, tf.sub(next.c, state.c!))) as tf.Tensor2D }
            : {}),
        };
        outputs[t] = tf.mul(next.h, m);
      } else {
        state = next;
        outputs[t] = next.h;
      }
    }
    return { output: tf.stack(outputs, 1) as tf.Tensor3D, final: state };
  }

  override getConfig(): ModuleConfig {
    return { type: this.typeName, options: { ...this.options } };
  }
}

/**
 * One LSTM or GRU direction through its fused kernel. The kernel gets the input projection
 * time-major (LSTM: x·W_ihᵀ + b_ih + b_hh; GRU: x·W_ihᵀ + b_ih, with b_hh passed apart since
 * r gates its n part) and carries the state over padded steps; padded outputs are zeroed
 * here. The backward direction reverses time (and the mask), so with right padding it
 * starts at each row's last real token.
 */
function runDirectionFused(
  mode: CellMode,
  x: tf.Tensor3D, // [B, T, in]
  w: DirectionWeights,
  state: CellState,
  maskTB: tf.Tensor | null, // [T, B]
  reverse: boolean,
): { output: tf.Tensor3D; final: CellState } {
  const [B, T] = x.shape;
  const H = w.whh.shape[1]!;
  const isLstm = mode === 'LSTM';
  let xProj = tf.transpose(linear(x, w.wih, w.bih), [1, 0, 2]); // [T, B, G*H]
  if (isLstm && w.bhh) xProj = tf.add(xProj, w.bhh);
  let mask = maskTB ?? tf.ones([T, B]);
  if (reverse) {
    xProj = tf.reverse(xProj, 0);
    mask = tf.reverse(mask, 0);
  }
  const outputs = isLstm
    ? (tf.engine().runKernel(FUSED_KERNELS.LSTM!, {
        xProj,
        wHH: w.whh,
        h0: state.h,
        c0: state.c!,
        mask,
      }) as tf.Tensor[])
    : (tf.engine().runKernel(FUSED_KERNELS.GRU!, {
        xProj,
        wHH: w.whh,
        bHH: w.bhh ?? tf.zeros([3 * H]),
        h0: state.h,
        mask,
      }) as tf.Tensor[]);
  const hSeq = outputs[0]!; // [T, B, H]
  const cSeq = isLstm ? outputs[1]! : null;
  outputs.at(-1)!.dispose(); // saved gates: the tape keeps its own copy for backward
  const last = (seq: tf.Tensor) =>
    tf.reshape(tf.slice(seq, [T - 1, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  const final: CellState = cSeq ? { h: last(hSeq), c: last(cSeq) } : { h: last(hSeq) };
  let hs = reverse ? tf.reverse(hSeq, 0) : hSeq; // original time order
  if (maskTB) hs = tf.mul(hs, tf.expandDims(maskTB, 2)); // zeros at padded steps
  return { output: tf.transpose(hs, [1, 0, 2]) as tf.Tensor3D, final };
}
