// The examples the tests use: the BBC model folder's examples.json (the page's default model)
// followed by the model-independent edge cases, in the order the page shows them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EDGE_CASE_EXAMPLES, type Example, parseExamples } from '../src/examples.js';

/** Reads and checks public/models/<id>/examples.json against the model's labels. */
export function modelExamples(id: string): Example[] {
  const dir = join(import.meta.dirname, '..', 'public', 'models', id);
  const { labels } = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as {
    labels: string[];
  };
  const path = join(dir, 'examples.json');
  return parseExamples(JSON.parse(readFileSync(path, 'utf8')), labels, path);
}

/** The BBC model's examples then the edge cases (what the page offers for its default model). */
export const EXAMPLES: Example[] = [...modelExamples('bbc'), ...EDGE_CASE_EXAMPLES];
