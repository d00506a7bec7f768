import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as nodeEntry from './node.js';

/** Source files reachable from `entry` through relative imports / re-exports. */
function graph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const todo = [new URL(entry, import.meta.url)];
  while (todo.length > 0) {
    const url = todo.pop()!;
    if (seen.has(url.href)) continue;
    const text = readFileSync(url, 'utf8');
    seen.set(url.href, text);
    for (const m of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      todo.push(new URL(`${m[1]}.ts`, url));
    }
  }
  return seen;
}

describe('package entries (issue #17)', () => {
  it('the main entry reaches no node: module, statically or lazily', () => {
    const files = graph('./index.ts');
    expect(files.size).toBeGreaterThan(30);
    const withNode = [...files].filter(([, t]) => /['"]node:/.test(t)).map(([f]) => f);
    expect(withNode).toEqual([]);
  });

  it('@tfnlp/tokenizers/node adds the file helpers to the main API', () => {
    expect(typeof nodeEntry.loadTokenizer).toBe('function');
    expect(typeof nodeEntry.saveTokenizer).toBe('function');
    expect(nodeEntry.Tokenizer).toBe(main.Tokenizer);
    expect('loadTokenizer' in main).toBe(false);
  });

  it('exports the stages as namespaces, without internal helpers, and keeps the flat names', () => {
    expect(main.models.BPE).toBe(main.BPE);
    expect(main.normalizers.Sequence).toBe(main.NormalizerSequence);
    expect(main.preTokenizers.Split).toBe(main.Split);
    expect(main.processors.TemplateProcessing).toBe(main.TemplateProcessing);
    expect(main.decoders.ByteFallbackDecoder).toBe(main.ByteFallbackDecoder);
    expect(main.trainers.BpeTrainer).toBe(main.BpeTrainer);
    const names = (o: object) => Object.keys(o).sort();
    expect(names(main.models)).toEqual(['BPE', 'CharLevel', 'Unigram', 'WordLevel', 'WordPiece']);
    expect(main.trainers.UnigramTrainer).toBe(main.UnigramTrainer);
    expect(main.normalizers.Precompiled).toBe(main.Precompiled);
    for (const ns of [main.normalizers, main.preTokenizers, main.decoders, main.processors]) {
      for (const k of Object.keys(ns)) expect(k).toMatch(/^[A-Z]|^byteLevelAlphabet$/);
    }
  });
});
