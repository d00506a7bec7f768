export { ConstantLR } from './constant.js';
export { CosineWarmupDecay } from './cosine.js';
export { LinearWarmupDecay, type WarmupDecayOptions } from './linear.js';
export {
  type PlateauState,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from './reduce_on_plateau.js';
export type { LRSchedule } from './schedule.js';
export { StepLR, type StepLROptions } from './step.js';
