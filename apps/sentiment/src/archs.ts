/** The architectures `train --arch` offers (a light module: the CLI checks flags without loading layers). */
export const ARCHS = ['bag', 'lstm', 'bilstm', 'gru', 'bigru', 'transformer'] as const;
/** One of ARCHS. */
export type Arch = (typeof ARCHS)[number];
