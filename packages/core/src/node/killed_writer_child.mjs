// Child of killed_writer.test.ts: replaces folder argv[2] with big files through the built
// package, slowly enough for the parent to kill it midway.
import { writeFolderAtomic } from '../../dist/node.js';

const big = new Uint8Array(64 * 1024 * 1024).fill(7);
const files = new Map();
for (let i = 0; i < 8; i++) files.set(`part-${i}.bin`, big);
files.set('config.json', '{"version":"new"}');
await writeFolderAtomic(process.argv[2] ?? '', files);
process.stdout.write('done\n');
