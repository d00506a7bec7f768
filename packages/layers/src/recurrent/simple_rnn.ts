/** Elman RNN, PyTorch `nn.RNN(batch_first=True)` layout. See rnn_base.ts. */
import { RNNBase, type RNNOptions } from './rnn_base.js';

/** Options of `SimpleRNN`. */
export interface SimpleRNNOptions extends RNNOptions {
  /** Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Elman RNN, PyTorch `nn.RNN(batch_first=True)` layout. */
export class SimpleRNN extends RNNBase {
  protected readonly typeName = 'SimpleRNN';

  constructor(options: SimpleRNNOptions) {
    super(options.nonlinearity === 'relu' ? 'RNN_RELU' : 'RNN_TANH', options);
  }
}
