export { Accuracy } from './accuracy.js';
export {
  type ClassificationReport,
  type ClassScores,
  ConfusionMatrix,
} from './confusion_matrix.js';
export { MeanLoss } from './mean.js';
export { argmaxRow, type Metric, type Outputs, predictedClass } from './metric.js';
export { formatTable } from './table.js';
