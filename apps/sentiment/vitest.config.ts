import { tfnlpProject } from '@tfnlp/vitest-config';

export default tfnlpProject({ name: 'sentiment', testTimeout: 120_000 });
