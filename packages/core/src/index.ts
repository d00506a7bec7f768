/**
 * @tfnlp/core: the small building blocks every tfnlp package shares, each with one owner and no
 * dependencies: the seeded RNG, the safetensors codec, 16-bit floats and duration/size
 * formatting. Browser-safe (no `node:` import); file helpers are in `@tfnlp/core/node`.
 */

export { bareNameProblem, MAX_NAME_LENGTH } from './bare_name.js';
export { bfloat16ToFloat, floatToHalf, halfToFloat } from './float16.js';
export { formatBytes, formatDuration, formatRate } from './format.js';
export { childSeed, Rng, type RngState, type Shuffleable } from './rng.js';
export {
  DEFAULT_MAX_HEADER_BYTES,
  type DecodedSafetensors,
  type DecodeSafetensorsOptions,
  decodeSafetensors,
  encodeSafetensors,
  SAFETENSORS_DTYPE_BYTES,
  type SafetensorsArray,
  type SafetensorsDtype,
  type SafetensorsEntry,
  type SafetensorsMetadata,
  type SafetensorsTensor,
  safetensorsArray,
} from './safetensors.js';
