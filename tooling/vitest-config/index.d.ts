import type { UserWorkspaceConfig } from 'vitest/config';

export interface TfnlpProjectOptions {
  name?: string;
  testTimeout?: number;
  environment?: 'node';
  include?: string[];
}

export function tfnlpProject(options?: TfnlpProjectOptions): UserWorkspaceConfig;
