import { tfnlpProject } from '@tfnlp/vitest-config';

export default tfnlpProject({ name: 'news-classifier', testTimeout: 120_000 });
