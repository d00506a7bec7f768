/**
 * LSTM / GRU / SimpleRNN as ONNX `LSTM` / `GRU` / `RNN` ops, one node per layer (both
 * directions in it). PyTorch stacks the gate blocks of W_ih / W_hh as LSTM i, f, g, o and
 * GRU r, z, n; ONNX wants LSTM i, o, f, c and GRU z, r, h, so the blocks are reordered here.
 * PyTorch's GRU applies r after the hidden projection: ONNX `linear_before_reset = 1`.
 * Padding: `sequence_lens` (the mask's row sums) gives PyTorch's packed-sequence semantics,
 * which the tfjs layer follows (padded outputs 0, final states at each row's last token, the
 * backward direction starting there). ORT runs these ops time-major, hence the transposes.
 */
import type { RNNBase } from '../recurrent/rnn_base.js';
import { attr, floatData, type GraphBuilder } from './graph.js';
import { DataType } from './onnx_proto.js';

/** ONNX block order as indices into PyTorch's stacked gate blocks. */
const GATE_ORDER: Record<string, number[]> = {
  LSTM: [0, 3, 1, 2], // i, f, g, o -> i, o, f, c
  GRU: [1, 0, 2], // r, z, n -> z, r, h
  RNN_TANH: [0],
  RNN_RELU: [0],
};

/** Rows of a [G*H, ...] (or [G*H]) PyTorch gate stack in ONNX order. */
function reorderGates(data: Float32Array, order: number[], blockSize: number): Float32Array {
  const out = new Float32Array(data.length);
  order.forEach((src, dst) => {
    out.set(data.subarray(src * blockSize, (src + 1) * blockSize), dst * blockSize);
  });
  return out;
}

/** The result of `rnnOnnx`: batch-first outputs and the final hidden states. */
export interface RnnOnnxResult {
  /** float [B, T, D*H], zeros at padded steps. */
  output: string;
  /** The top layer's final hidden states, directions concatenated: float [B, D*H]. */
  lastHidden: string;
}

/**
 * The recurrent layer `rnn` (state-dict prefix `name`) on x [B, T, in] with lengths [B] (int32).
 * Returns batch-first outputs [B, T, D*H] and the top layer's final hidden states [B, D*H].
 */
export function rnnOnnx(
  g: GraphBuilder,
  name: string,
  rnn: RNNBase,
  x: string,
  lengths: string,
): RnnOnnxResult {
  const { mode, numLayers: L, numDirections: D, hiddenSize: H } = rnn;
  const order = GATE_ORDER[mode]!;
  const G = order.length;
  const state = new Map(rnn.namedParameters());
  const read = (key: string) => {
    const v = state.get(key);
    return v ? floatData(v) : null;
  };
  let seq = g.op('Transpose', [x], [attr.ints('perm', [1, 0, 2])]); // [T, B, in]
  let yH = '';
  for (let l = 0; l < L; l++) {
    const inF = l === 0 ? rnn.inputSize : H * D;
    const W = new Float32Array(D * G * H * inF);
    const R = new Float32Array(D * G * H * H);
    const Bias = new Float32Array(D * 2 * G * H);
    let hasBias = false;
    for (let d = 0; d < D; d++) {
      const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
      W.set(reorderGates(read(`weight_ih${sfx}`)!, order, H * inF), d * G * H * inF);
      R.set(reorderGates(read(`weight_hh${sfx}`)!, order, H * H), d * G * H * H);
      const bih = read(`bias_ih${sfx}`);
      const bhh = read(`bias_hh${sfx}`);
      if (bih && bhh) {
        hasBias = true;
        Bias.set(reorderGates(bih, order, H), d * 2 * G * H);
        Bias.set(reorderGates(bhh, order, H), d * 2 * G * H + G * H);
      }
    }
    const inputs = [
      seq,
      g.weight(`${name}.W_l${l}`, W, [D, G * H, inF]),
      g.weight(`${name}.R_l${l}`, R, [D, G * H, H]),
      hasBias ? g.weight(`${name}.B_l${l}`, Bias, [D, 2 * G * H]) : '',
      lengths,
    ];
    const attrs = [
      attr.int('hidden_size', H),
      attr.string('direction', D === 2 ? 'bidirectional' : 'forward'),
    ];
    let opType = 'RNN';
    if (mode === 'LSTM') opType = 'LSTM';
    else if (mode === 'GRU') {
      opType = 'GRU';
      attrs.push(attr.int('linear_before_reset', 1));
    } else {
      const act = mode === 'RNN_RELU' ? 'Relu' : 'Tanh';
      attrs.push(attr.strings('activations', D === 2 ? [act, act] : [act]));
    }
    const [y, h] = g.opN(opType, inputs, 2, attrs); // Y [T, D, B, H], Y_h [D, B, H]
    seq = g.op('Reshape', [
      g.op('Transpose', [y!], [attr.ints('perm', [0, 2, 1, 3])]),
      g.int64([0, 0, D * H]),
    ]); // [T, B, D*H]
    yH = h!;
  }
  const output = g.op('Transpose', [seq], [attr.ints('perm', [1, 0, 2])]); // [B, T, D*H]
  const lastHidden = g.op('Reshape', [
    g.op('Transpose', [yH], [attr.ints('perm', [1, 0, 2])]),
    g.int64([0, D * H]),
  ]); // [B, D*H]
  return { output, lastHidden };
}

/** Row lengths [B] (int32, what `sequence_lens` takes) from a float mask [B, T]. */
export function lengthsOnnx(g: GraphBuilder, mask: string): string {
  const sum = g.op('ReduceSum', [mask, g.int64([1])], [attr.int('keepdims', 0)]);
  return g.op('Cast', [sum], [attr.int('to', DataType.INT32)]);
}
