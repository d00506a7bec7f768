// The publishable list is derived from package.json (see packages.ts); these checks keep the
// places that must agree with it from drifting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHABLE, packageName, ROOT } from './packages.js';

const packTest = JSON.parse(
  readFileSync(join(ROOT, 'tooling', 'pack-test', 'package.json'), 'utf8'),
) as {
  devDependencies: Record<string, string>;
};

describe('workspace agrees with the publishable packages', () => {
  it.each(PUBLISHABLE)(
    '%s is a workspace devDependency of the pack test (built before it runs)',
    (dir) => {
      expect(packTest.devDependencies[packageName(dir)]).toBe('workspace:*');
    },
  );
});

describe('turbo builds every publishable package before the API docs check', () => {
  const turbo = JSON.parse(readFileSync(join(ROOT, 'turbo.json'), 'utf8')) as {
    tasks: Record<string, { dependsOn?: string[] }>;
  };
  it('//#docs:check depends on exactly their builds', () => {
    const expected = PUBLISHABLE.map((dir) => `${packageName(dir)}#build`).sort();
    expect([...(turbo.tasks['//#docs:check']?.dependsOn ?? [])].sort()).toEqual(expected);
  });
});
