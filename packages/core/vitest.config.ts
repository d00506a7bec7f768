import { tfnlpProject } from '@tfnlp/vitest-config';

export default tfnlpProject({ name: 'core' });
