export { ConstantLR } from './constant.js';
export { CosineWarmupDecay } from './cosine.js';
export { LinearWarmupDecay } from './linear.js';
export {
  type PlateauState,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from './reduce_on_plateau.js';
export type { LRSchedule } from './schedule.js';
export { StepLR, type StepLROptions } from './step.js';
export { WarmupDecay, type WarmupDecayOptions } from './warmup_decay.js';
