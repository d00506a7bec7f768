import { tfnlpProject } from '@tfnlp/vitest-config';

// npm installs and a Vite build take tens of seconds on a 2-core machine.
export default tfnlpProject({ name: 'pack-test', testTimeout: 180_000 });
