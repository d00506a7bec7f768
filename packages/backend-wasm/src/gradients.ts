// Side-effect module: registers tfjs-core's gradients and chained ops (`x.add(y)`), then
// this package's gradient fixes (register_all_gradients.ts).
//
// tfjs-core's Node build (CJS) registers neither, and the ESM modules that do cannot be
// imported by plain Node (extension-less imports). The build bundles them into
// generated/tfjs-gradients.js, which imports the real tfjs-core first and then fills
// the engine's global registries. Registering twice is harmless (a Map set).
import '../generated/tfjs-gradients.js';
import { registerAllGradients } from './register_all_gradients.js';

registerAllGradients();
