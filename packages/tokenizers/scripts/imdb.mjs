// Streams reviews out of IMDB's aclImdb_v1.tar.gz without extracting it: gunzip + a
// minimal ustar reader (512-byte headers, octal sizes). Used by the parity tests, the
// fixture generator and the benchmark; none of them commit any review text.
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the dataset lives: $TFNLP_DATA_DIR/imdb or <repo>/../shared/data/imdb. */
export function imdbPath() {
  const base = process.env.TFNLP_DATA_DIR ?? join(here, '..', '..', '..', '..', 'shared', 'data');
  const p = join(base, 'imdb', 'aclImdb_v1.tar.gz');
  return existsSync(p) ? p : null;
}

/**
 * Yields { name, label, text } for `split` ('train' | 'test') reviews in archive order,
 * at most `perLabel` of each label (pos, neg). Newlines become spaces so a review is one line.
 */
export async function* readImdb(path, { split = 'train', perLabel = Infinity } = {}) {
  const seen = { pos: 0, neg: 0 };
  const stream = createReadStream(path).pipe(createGunzip());
  let buf = Buffer.alloc(0);
  let need = 512; // bytes wanted for the current state
  let header = null; // { name, size } while reading a file body
  const re = new RegExp(`^aclImdb/${split}/(pos|neg)/[^/]+\\.txt$`);
  try {
    for await (const chunk of stream) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      while (buf.length >= need) {
        if (header === null) {
          const h = buf.subarray(0, 512);
          buf = buf.subarray(512);
          if (h.every((b) => b === 0)) {
            need = 512;
            continue;
          }
          const str = (a, b) => h.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
          const name = (str(345, 500) ? `${str(345, 500)}/` : '') + str(0, 100);
          const size = Number.parseInt(str(124, 136).trim() || '0', 8);
          header = { name, size };
          need = Math.ceil(size / 512) * 512;
        } else {
          const body = buf.subarray(0, header.size);
          buf = buf.subarray(need);
          const m = re.exec(header.name);
          if (m && seen[m[1]] < perLabel) {
            seen[m[1]]++;
            yield {
              name: header.name,
              label: m[1],
              text: body.toString('utf8').replace(/\r?\n/g, ' '),
            };
          }
          header = null;
          need = 512;
          if (seen.pos >= perLabel && seen.neg >= perLabel) return;
        }
      }
    }
  } finally {
    stream.destroy();
  }
}

/** The first `n` reviews of a split, half pos and half neg (archive order). */
export async function loadImdbTexts(path, split, n) {
  const out = [];
  for await (const r of readImdb(path, { split, perLabel: Math.ceil(n / 2) })) out.push(r.text);
  return out.slice(0, n);
}
