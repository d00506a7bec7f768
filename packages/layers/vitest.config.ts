import { tfnlpProject } from '@tfnlp/vitest-config';

export default tfnlpProject({ name: 'layers', testTimeout: 120_000 });
