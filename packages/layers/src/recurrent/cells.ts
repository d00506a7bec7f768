/**
 * One time step of each recurrent cell, as pure functions of tensors (PyTorch equations
 * and gate order). `xg` is the input projection x_t @ W_ih^T + b_ih, computed for all
 * time steps at once by the caller; `whhT` is W_hh already transposed ([H, G*H]).
 *
 *   LSTM (gates i, f, g, o):  c' = f*c + i*g,  h' = o*tanh(c')
 *   GRU  (gates r, z, n):     n = tanh(x_n + r*(h W_hn^T + b_hn)),  h' = (1-z)*n + z*h
 *   RNN:                      h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)
 */
import * as tf from '@tensorflow/tfjs-core';
import { mm } from '../core/ops.js';

/** Recurrent cell kinds, PyTorch's `mode` names. */
export type CellMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

/** Number of gate blocks stacked in W_ih / W_hh. */
export function gateCount(mode: CellMode): number {
  return mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
}

/** Hidden state [B, H] (and the LSTM cell state [B, H]) between time steps. */
export interface CellState {
  h: tf.Tensor2D; // [B, H]
  c?: tf.Tensor2D; // [B, H], LSTM only
}

function hiddenProj(h: tf.Tensor2D, whhT: tf.Tensor2D, bhh: tf.Tensor | null): tf.Tensor2D {
  const hg = mm(h, whhT); // [B, G*H]
  return (bhh ? tf.add(hg, bhh) : hg) as tf.Tensor2D;
}

/** One LSTM time step from precomputed input projections `xg` [B, 4H] (gates i, f, g, o). */
export function lstmStep(
  xg: tf.Tensor2D, // [B, 4H]
  state: CellState,
  whhT: tf.Tensor2D, // [H, 4H]
  bhh: tf.Tensor | null, // [4H]
): CellState {
  const gates = tf.add(xg, hiddenProj(state.h, whhT, bhh)); // [B, 4H]
  const [i, f, g, o] = tf.split(gates, 4, 1) as [
    tf.Tensor2D,
    tf.Tensor2D,
    tf.Tensor2D,
    tf.Tensor2D,
  ];
  const c = tf.add(
    tf.mul(tf.sigmoid(f), state.c!),
    tf.mul(tf.sigmoid(i), tf.tanh(g)),
  ) as tf.Tensor2D;
  const h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
  return { h, c };
}

/** One GRU time step from precomputed input projections `xg` [B, 3H] (gates r, z, n). */
export function gruStep(
  xg: tf.Tensor2D, // [B, 3H]
  state: CellState,
  whhT: tf.Tensor2D, // [H, 3H]
  bhh: tf.Tensor | null, // [3H]
): CellState {
  const hg = hiddenProj(state.h, whhT, bhh); // [B, 3H]
  const [xr, xz, xn] = tf.split(xg, 3, 1);
  const [hr, hz, hn] = tf.split(hg, 3, 1);
  const r = tf.sigmoid(tf.add(xr!, hr!));
  const z = tf.sigmoid(tf.add(xz!, hz!));
  const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
  // h' = (1 - z) * n + z * h = n + z * (h - n)
  const h = tf.add(n, tf.mul(z, tf.sub(state.h, n))) as tf.Tensor2D;
  return { h };
}

/** One Elman RNN time step from precomputed input projections `xg` [B, H]. */
export function rnnStep(
  xg: tf.Tensor2D, // [B, H]
  state: CellState,
  whhT: tf.Tensor2D, // [H, H]
  bhh: tf.Tensor | null,
  nonlinearity: 'tanh' | 'relu',
): CellState {
  const pre = tf.add(xg, hiddenProj(state.h, whhT, bhh));
  return { h: (nonlinearity === 'tanh' ? tf.tanh(pre) : tf.relu(pre)) as tf.Tensor2D };
}

/** One time step of the cell of `mode` (dispatches to lstmStep / gruStep / rnnStep). */
export function cellStep(
  mode: CellMode,
  xg: tf.Tensor2D,
  state: CellState,
  whhT: tf.Tensor2D,
  bhh: tf.Tensor | null,
): CellState {
  switch (mode) {
    case 'LSTM':
      return lstmStep(xg, state, whhT, bhh);
    case 'GRU':
      return gruStep(xg, state, whhT, bhh);
    case 'RNN_TANH':
      return rnnStep(xg, state, whhT, bhh, 'tanh');
    case 'RNN_RELU':
      return rnnStep(xg, state, whhT, bhh, 'relu');
  }
}
