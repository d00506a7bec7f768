// Pack-test scenario: @tfnlp/datasets installed from its tarball with npm, in plain Node ESM.
// A generated CSV is read with `tabular` ('@tfnlp/datasets/node'), split, turned into a
// padded, length-bucketed batches with the browser-safe entry
// ('@tfnlp/datasets'), whose exports must not include the Node-only loaders. The installed
// `tfnlp-datasets` bin runs too. Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as browser from '@tfnlp/datasets';
import { tabular, tabularLabels } from '@tfnlp/datasets/node';

const { paddedBatches, stratifiedSplit, toArray } = browser;

// The browser-safe entry has the pipeline but none of the Node-only API.
for (const name of ['tabular', 'imdb', 'readArchive', 'downloadFile', 'defaultCacheDir']) {
  assert.equal(name in browser, false, `@tfnlp/datasets exports the Node-only ${name}`);
}

const dir = mkdtempSync(join(tmpdir(), 'tfnlp-pack-test-datasets-'));
try {
  const good = ['great', 'fine', 'lovely', 'superb', 'nice'];
  const bad = ['awful', 'dull', 'poor', 'boring', 'bad'];
  const rows = ['label,text'];
  for (let i = 0; i < 40; i++) {
    const words = i % 2 === 0 ? good : bad;
    const text = Array.from({ length: 2 + (i % 7) }, (_, k) => words[(i + k) % 5]).join(' ');
    // Every fourth text is quoted and holds a comma and a doubled quote (RFC 4180).
    rows.push(`${i % 2 === 0 ? 'pos' : 'neg'},${i % 4 === 0 ? `"a ""${text}"", then"` : text}`);
  }
  const path = join(dir, 'reviews.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);

  const options = { path, text: 'text', label: 'label' };
  assert.deepEqual(await tabularLabels(options), ['neg', 'pos']);
  const examples = await toArray(tabular(options));
  assert.equal(examples.length, 40);
  const [first] = examples;
  assert.ok(first);
  assert.equal(first.text, `a "${[good[0], good[1]].join(' ')}", then`);
  assert.equal(first.label, 1);

  const { train, validation } = await stratifiedSplit(examples, {
    validationFraction: 0.25,
    seed: 3,
  });
  assert.equal(train.length + validation.length, 40);
  assert.equal(validation.filter((e) => e.label === 1).length, 5);
  // A stand-in tokenizer (one id per word, its length); any (text) => ids function fits.
  const tokenizer = (/** @type {string} */ text) => text.split(' ').map((w) => w.length);
  const batches = [
    ...paddedBatches(train, { tokenizer, batchSize: 8, seed: 1, bucketSize: 16, maxLength: 6 }),
  ];
  let rowsSeen = 0;
  for (const b of batches) {
    assert.equal(b.ids.length, b.batchSize * b.seqLength);
    assert.equal(b.attentionMask.length, b.ids.length);
    assert.ok(b.seqLength <= 6);
    for (let r = 0; r < b.batchSize; r++) {
      for (let t = 0; t < b.seqLength; t++) {
        const real = t < (b.lengths[r] ?? 0);
        assert.equal(b.attentionMask[r * b.seqLength + t], real ? 1 : 0);
        if (!real) assert.equal(b.ids[r * b.seqLength + t], 0);
      }
    }
    rowsSeen += b.batchSize;
  }
  assert.equal(rowsSeen, train.length);

  // The bin of the installed package.
  const cacheDir = execFileSync(join('node_modules', '.bin', 'tfnlp-datasets'), ['cache-dir'], {
    encoding: 'utf8',
    env: { ...process.env, TFNLP_CACHE_DIR: dir },
  }).trim();
  assert.equal(cacheDir, dir);

  console.log(
    JSON.stringify({
      ok: true,
      examples: examples.length,
      train: train.length,
      validation: validation.length,
      batches: batches.map((b) => [b.batchSize, b.seqLength]),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
