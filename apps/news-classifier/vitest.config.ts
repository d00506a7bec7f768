import { tfnlpProject } from '@tfnlp/vitest-config';
import { defineProject, mergeConfig } from 'vitest/config';

// One file at a time: the browser tests measure the page (README benchmarks), and the Train
// tab's 30-second run must not share this 2-core machine with them.
export default mergeConfig(
  tfnlpProject({ name: 'news-classifier', testTimeout: 120_000 }),
  defineProject({ test: { fileParallelism: false } }),
);
