// Builders of hostile inputs (archive bombs, crafted headers) and a child-process runner
// that measures a reader's peak RSS against the built dist, so a bomb that escaped its cap
// shows up as memory, a crash or a timeout in the child, never in the test runner.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** What a reader did in the child: its result or its error, and the child's peak RSS. */
export interface ChildResult {
  value?: unknown;
  error?: { name: string; message: string };
  /** Peak resident set size of the child, in MiB (process.resourceUsage().maxRSS). */
  peakMb: number;
  /** The child did not report (crash, abort, killed at the time cap): its stderr tail. */
  crashed?: string;
}

/**
 * The child's wall-clock cap. Each case takes 0.4-6 s on a quiet machine (README); under a full
 * parallel test run on 2 cores a 10 s cap failed cases that were only slow, so the cap is 30 s
 * (TFNLP_CHILD_TIMEOUT_MS overrides it): still a bound that a hang or unbounded growth exceeds.
 */
const CHILD_TIMEOUT_MS = Number(process.env.TFNLP_CHILD_TIMEOUT_MS ?? 30_000);

/**
 * Runs `body` (an async function body with `m` = '@tfnlp/datasets/node' from dist and
 * `path` = the input) in a fresh node, capped at `timeoutMs`; what it returns is `value`.
 */
export function runInChild(
  dir: string,
  body: string,
  path: string,
  timeoutMs = CHILD_TIMEOUT_MS,
): ChildResult {
  const script = join(dir, `child-${randomUUID()}.mjs`);
  writeFileSync(
    script,
    `const m = await import(${JSON.stringify(join(DIST, 'node.js'))});
const path = process.argv[2];
const report = (r) => {
  r.peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write('\\n@@' + JSON.stringify(r));
};
try {
  const value = await (async () => { ${body} })();
  report({ value });
} catch (e) {
  report({ error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
}
`,
  );
  const r = spawnSync(process.execPath, [script, path], {
    timeout: timeoutMs,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const at = r.stdout.lastIndexOf('\n@@');
  if (at < 0) {
    const why = r.error ? r.error.message : `exit ${r.status} ${r.signal ?? ''}`;
    return { peakMb: Number.NaN, crashed: `${why}: ${r.stderr.slice(-500)}` };
  }
  return JSON.parse(r.stdout.slice(at + 3)) as ChildResult;
}

/** A 512-byte ustar header; `size` over 8 GiB is written in GNU base-256 form. */
export function tarHeader(name: string, size: number, type = '0', linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  if (size < 8 ** 11) {
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  } else {
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  h.write('14000000000\0', 136);
  h.write(type, 156);
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write('        ', 148);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** A plain .tar from raw parts (headers, data padded to 512) and the end-of-archive marker. */
export function tarOf(parts: { header: Buffer; data?: Buffer }[]): Buffer {
  const out: Buffer[] = [];
  for (const { header, data } of parts) {
    out.push(header);
    if (data?.length) out.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

/**
 * A .tar.gz whose one entry holds `gib` GiB of zeros, in about 1 MB per GiB: one gzip member
 * of 1 MiB of zeros repeated (gunzip reads concatenated members as one stream).
 */
export function tarGzBomb(name: string, gib: number): Buffer {
  const size = gib * 2 ** 30;
  const zeros = gzipSync(Buffer.alloc(2 ** 20), { level: 9 });
  const members = [gzipSync(tarHeader(name, size))];
  for (let i = 0; i < size / 2 ** 20; i++) members.push(zeros);
  members.push(gzipSync(Buffer.alloc(1024)));
  return Buffer.concat(members);
}

/**
 * Raw deflate data that inflates to `mib` MiB of zeros: one fully flushed block of 1 MiB
 * repeated, then an empty final block. A 2 GiB bomb is about 2 MB.
 */
export function deflateBomb(mib: number): Buffer {
  const flushed = deflateRawSync(Buffer.alloc(2 ** 20), {
    level: 9,
    finishFlush: constants.Z_FULL_FLUSH,
  });
  const parts: Buffer[] = [];
  for (let i = 0; i < mib; i++) parts.push(flushed);
  parts.push(Buffer.from([0x03, 0x00])); // final, fixed-Huffman, empty block
  return Buffer.concat(parts);
}

/** One entry of a hand-made zip: the sizes and offsets are whatever the test claims. */
export interface RawZipEntry {
  name: string;
  /** Stored bytes (already deflated when method is 8). */
  data: Buffer;
  method?: 0 | 8;
  crc?: number;
  uncompressedSize: number;
  /** Unix mode in the high 16 bits of the external attributes (e.g. 0o120777 for a symlink). */
  unixMode?: number;
  /** Point this central directory entry at another entry's local header (overlap bomb). */
  sameDataAs?: number;
}

/** A zip written byte by byte, so its headers can lie. */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    if (e.sameDataAs !== undefined) {
      offsets.push(offsets[e.sameDataAs]!);
      return;
    }
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.method ?? 8, 8);
    h.writeUInt32LE(e.crc ?? 0, 14);
    h.writeUInt32LE(e.data.length, 18);
    h.writeUInt32LE(e.uncompressedSize, 22);
    h.writeUInt16LE(name.length, 26);
    offsets[i] = at;
    locals.push(h, name, e.data);
    at += 30 + name.length + e.data.length;
  });
  const central: Buffer[] = [];
  entries.forEach((e, i) => {
    const src = e.sameDataAs !== undefined ? entries[e.sameDataAs]! : e;
    const name = Buffer.from(e.name);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(e.unixMode !== undefined ? (3 << 8) | 20 : 20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(src.method ?? 8, 10);
    c.writeUInt32LE(src.crc ?? 0, 16);
    c.writeUInt32LE(src.data.length, 20);
    c.writeUInt32LE(e.uncompressedSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(e.unixMode !== undefined ? (e.unixMode << 16) >>> 0 : 0, 38);
    c.writeUInt32LE(offsets[i]!, 42);
    central.push(c, name);
  });
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(at, 16);
  return Buffer.concat([...locals, cd, end]);
}
