/** GRU, PyTorch `nn.GRU(batch_first=True)` layout and equations. See rnn_base.ts. */
import { RNNBase, type RNNOptions } from './rnn_base.js';

/** GRU, PyTorch `nn.GRU(batch_first=True)` layout and equations (gates r, z, n). */
export class GRU extends RNNBase {
  protected readonly typeName = 'GRU';

  constructor(options: RNNOptions) {
    super('GRU', options);
  }
}
