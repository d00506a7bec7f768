// Pending changesets must parse: `changeset version` silently skips a file whose front matter
// is not `---` / `"@tfnlp/<name>": patch|minor|major` lines / `---` (a Markdown formatter once
// turned one into a heading, and that package's release would have been lost).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './harness.js';
import { PUBLISHABLE } from './packages.js';

const dir = join(repoRoot, '.changeset');
const files = (await readdir(dir)).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
const publishable = PUBLISHABLE.map((p) => `@tfnlp/${p}`);

it.each(files.length > 0 ? files : ['(none)'])(
  '.changeset/%s: front matter names publishable packages and a bump',
  async (file) => {
    if (file === '(none)') return;
    const text = (await readFile(join(dir, file), 'utf8')).replaceAll('\r\n', '\n');
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    expect(
      match,
      `${file}: must start with a --- front matter block (see CONTRIBUTING.md)`,
    ).not.toBeNull();
    const releases = match![1]!
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => /^\s*["']([^"']+)["']\s*:\s*(patch|minor|major)\s*$/.exec(line));
    expect(releases.length, `${file}: no package in its front matter`).toBeGreaterThan(0);
    for (const release of releases) {
      expect(release, `${file}: each line is "@tfnlp/<name>": patch|minor|major`).not.toBeNull();
      expect(publishable).toContain(release![1]);
    }
    expect(match![2]!.trim().length, `${file}: the changelog line is empty`).toBeGreaterThan(0);
  },
);
