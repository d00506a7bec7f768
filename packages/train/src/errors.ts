/** Thrown by `fit` when the loss or the gradient norm is NaN or infinite (the update is not applied). */
export class NonFiniteError extends Error {
  override readonly name = 'NonFiniteError';
  constructor(
    message: string,
    readonly step: number,
    readonly epoch: number,
    /** The last checkpoint written before the bad update, if any (it is kept). */
    readonly lastCheckpoint: string | undefined,
  ) {
    super(message);
  }
}
