/** LSTM, PyTorch `nn.LSTM(batch_first=True)` layout and equations. See rnn_base.ts. */
import { RNNBase, type RNNOptions } from './rnn_base.js';

/** LSTM, PyTorch `nn.LSTM(batch_first=True)` layout and equations (gates i, f, g, o). */
export class LSTM extends RNNBase {
  protected readonly typeName = 'LSTM';

  constructor(options: RNNOptions) {
    super('LSTM', options);
  }
}
