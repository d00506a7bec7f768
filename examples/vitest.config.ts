import { tfnlpProject } from '@tfnlp/vitest-config';

// Each test spawns one example with node and trains a tiny model: seconds, not milliseconds.
export default tfnlpProject({ name: 'examples', testTimeout: 120_000 });
