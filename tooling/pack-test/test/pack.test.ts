import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS, hasChromium, serveStatic } from '@tfnlp/browser-test';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installSpecs,
  listFiles,
  npmProject,
  packTestRoot,
  pnpmPack,
  repoRoot,
  run,
  runScenario,
  type Tarball,
} from './harness.js';
import { PEERS, PUBLISHABLE, README_EXAMPLES, VITE } from './packages.js';

if (!hasChromium) {
  console.warn(
    `pack test: ${CHROMIUM} is absent, so the Vite page is built but not run in a browser ` +
      '(the browser test is skipped; CI installs Debian chromium: apt-get install -y chromium).',
  );
}
const keep = process.env.TFNLP_PACK_TEST_KEEP === '1';

const scenariosDir = join(packTestRoot, 'scenarios');
const scenarios = await listFiles(scenariosDir, '.mjs');
/** Scenarios that are not one package's own (e.g. pipeline.mjs): run with every tarball. */
const composedScenarios = scenarios.filter((f) => !PUBLISHABLE.some((p) => f === `${p}.mjs`));

let work: string;
let tarballs: Tarball[];
// Started in beforeAll and awaited by the tests that need them, so npm installs overlap
// with the lint checks.
let nodeProject: Promise<string>;
let pageProject: Promise<string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tfnlp-pack-test-'));
  if (keep) console.log(`pack test: temporary projects in ${work}`);
  const packed = join(work, 'tarballs');
  tarballs = [];
  // One at a time: pnpm pack is quick, and parallel packs would compete with the other
  // packages' tests for the CPU.
  for (const dir of PUBLISHABLE) tarballs.push(await pnpmPack(dir, packed));
  const files = tarballs.map((t) => t.file);
  nodeProject = npmProject(join(work, 'node'), [...files, ...PEERS]);
  pageProject = npmProject(join(work, 'page'), [...files, ...PEERS, VITE]).then(async (dir) => {
    await cp(join(packTestRoot, 'page'), dir, { recursive: true });
    return dir;
  });
  // Failures surface in the tests that await these; do not report them twice.
  nodeProject.catch(() => {});
  pageProject.catch(() => {});
});

afterAll(async () => {
  await Promise.allSettled([nodeProject, pageProject]);
  if (work && !keep) await rm(work, { recursive: true, force: true });
});

describe('tarballs', () => {
  it('each publishable package has a scenario, and the composed pipeline exists', () => {
    expect(scenarios).toEqual(expect.arrayContaining(PUBLISHABLE.map((p) => `${p}.mjs`)));
    expect(composedScenarios).toContain('pipeline.mjs');
  });

  it.each(PUBLISHABLE)(
    '%s: the tarball holds LICENSE and npm metadata, no workspace ranges, tests or build info',
    async (dir) => {
      const tarball = tarballs.find((t) => t.dir === dir)!;
      const { stdout } = await run('tar', ['-tzf', tarball.file], { cwd: work });
      const entries = stdout.trim().split('\n');
      expect(entries).toContain('package/package.json');
      expect(entries.filter((e) => /\.test\.|\.tsbuildinfo$|readme-example/.test(e))).toEqual([]);
      const manifest = await run('tar', ['-xzOf', tarball.file, 'package/package.json'], {
        cwd: work,
      });
      expect(manifest.stdout).not.toContain('workspace:');
      const pkg = JSON.parse(manifest.stdout);
      expect(pkg.version).toBe(tarball.version);
      // What npm shows and links to, and the licence text itself (the root LICENSE).
      expect(pkg).toMatchObject({
        license: 'Apache-2.0',
        repository: { type: 'git', directory: `packages/${dir}` },
        bugs: { url: expect.stringMatching(/^https:\/\//) },
        homepage: expect.stringMatching(/^https:\/\//),
        engines: { node: expect.any(String) },
        publishConfig: { access: 'public' },
      });
      expect(pkg.keywords.length).toBeGreaterThan(3);
      expect(entries).toContain('package/LICENSE');
      const license = await run('tar', ['-xzOf', tarball.file, 'package/LICENSE'], { cwd: work });
      expect(license.stdout).toBe(await readFile(join(repoRoot, 'LICENSE'), 'utf8'));
    },
  );

  it.each(PUBLISHABLE)('%s: publint finds nothing, suggestions included', async (dir) => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const tarball = tarballs.find((t) => t.dir === dir)!;
    const bytes = await readFile(tarball.file);
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) },
      level: 'suggestion',
      strict: true,
    });
    const lines = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`);
    expect(lines).toEqual([]);
  });

  it.each(PUBLISHABLE)('%s: attw (ESM-only profile) finds no problem', async (dir) => {
    const tarball = tarballs.find((t) => t.dir === dir)!;
    const attw = join(packTestRoot, 'node_modules', '.bin', 'attw');
    // esm-only: the packages are ESM-only on purpose (node10 and require() from CJS are not
    // supported); --no-definitely-typed keeps attw offline.
    const args = [tarball.file, '--profile', 'esm-only', '--no-definitely-typed', '--format'];
    const { stdout } = await run(attw, [...args, 'json'], { cwd: packTestRoot }).catch(
      async (error: Error) => {
        const table = await run(attw, [...args, 'ascii'], { cwd: packTestRoot }).catch(
          (e: Error) => ({ stdout: e.message }),
        );
        throw new Error(`attw ${tarball.name}:\n${table.stdout}\n${error.message.slice(0, 2000)}`);
      },
    );
    const report = JSON.parse(stdout);
    const problems = report.analysis?.problems ?? report.problems ?? [];
    // Every entry point resolves for ESM consumers in node16 and in bundlers.
    const entrypoints = report.analysis?.entrypoints ?? {};
    expect(Object.keys(entrypoints).length).toBeGreaterThan(0);
    for (const [name, entry] of Object.entries<{
      resolutions: Record<string, { resolution?: { fileName?: string } }>;
    }>(entrypoints)) {
      for (const mode of ['node16-esm', 'bundler']) {
        expect(entry.resolutions[mode]?.resolution?.fileName, `${name} in ${mode}`).toMatch(
          /\.d\.ts$/,
        );
      }
    }
    const relevant = problems.filter(
      (p: { kind: string; resolutionKind?: string }) =>
        p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs',
    );
    expect(relevant).toEqual([]);
  });
});

// Each package alone: a project with only what its README's install line names (tfnlp packages
// from their tarballs), so a dependency the README forgets fails here; then the README's first
// js block and scenarios/<package>.mjs run in it with plain node.
describe.each(README_EXAMPLES)('%s alone, installed as its README says', (dir) => {
  let project: Promise<string> | undefined;
  let readme: string;
  const tarball = () => tarballs.find((t) => t.dir === dir)!;

  /** The project of this package's install line, created once. */
  async function installed(): Promise<string> {
    project ??= (async () => {
      // The README as npm users see it: the one in the tarball.
      readme = (await run('tar', ['-xzOf', tarball().file, 'package/README.md'], { cwd: work }))
        .stdout;
      const specs = installSpecs(readme, tarballs);
      expect(specs, `${tarball().name}: the install line does not name the package`).toContain(
        tarball().file,
      );
      console.log(
        `pack test: ${tarball().name}: npm install ${specs.map((s) => s.split('/').at(-1)).join(' ')}`,
      );
      return npmProject(join(work, `alone-${dir}`), specs);
    })();
    return project;
  }

  it('the first js block of the README runs as written', async () => {
    const cwd = await installed();
    const code = /```(?:js|javascript|mjs)\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, `${tarball().name}: no js block in README.md`).toBeDefined();
    const file = `readme-${dir}.mjs`;
    await writeFile(join(cwd, file), code!);
    const { stdout } = await run(process.execPath, [file], { cwd, timeoutMs: 90_000 });
    console.log(`pack test: README of ${tarball().name} printed:\n${stdout.trim()}`);
  });

  it(`scenarios/${dir}.mjs`, async () => {
    const cwd = await installed();
    const file = `${dir}.mjs`;
    await cp(join(scenariosDir, file), join(cwd, file));
    const { result, stderr } = await runScenario(file, cwd);
    expect(result, stderr).toMatchObject({ ok: true });
  });
});

describe('composed, every tarball installed with npm', () => {
  it.each(composedScenarios)('scenarios/%s', async (file) => {
    const dir = await nodeProject;
    await cp(join(scenariosDir, file), join(dir, file));
    const { result, stderr } = await runScenario(file, dir);
    console.log(`pack test: scenarios/${file}: ${JSON.stringify(result)}`);
    expect(result, stderr).toMatchObject({ ok: true });
  });
});

describe('Vite page in Chromium, installed with npm', () => {
  let dist: string | undefined;
  let session: { browser: Browser; server: { url: string; close: () => Promise<void> } };

  afterAll(async () => {
    await session?.browser.close();
    await session?.server.close();
  });

  /** Opens the built page (served cross-origin isolated) and returns what it reported. */
  async function openPage(query: string): Promise<{ result: PageResult; log: string[] }> {
    expect(dist, 'the Vite build failed').toBeDefined();
    if (session === undefined) {
      const { chromium } = await import('playwright-core');
      const server = await serveStatic(dist!);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      session = { browser, server };
    }
    const page = await session.browser.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => log.push(`requestfailed: ${r.url()}`));
    try {
      await page.goto(`${session.server.url}${query}`);
      await page.waitForFunction(() => '__tfnlpResult' in window, null, { timeout: 60_000 });
      const result: PageResult = await page.evaluate(
        // biome-ignore lint/suspicious/noExplicitAny: a property the page sets
        () => (window as any).__tfnlpResult,
      );
      expect(JSON.parse((await page.textContent('#result')) ?? '{}')).toEqual(result);
      return { result, log };
    } finally {
      await page.close();
    }
  }

  it(`builds with ${VITE}`, async () => {
    const dir = await pageProject;
    await run(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: dir,
    });
    const assets = await listFiles(join(dir, 'dist', 'assets'), '.wasm');
    expect(assets.length).toBe(3);
    dist = join(dir, 'dist');
  });

  it.skipIf(!hasChromium)(
    'tokenizes, trains a layers GRU classifier, checkpoints, reloads and predicts on wasm SIMD (single-threaded build)',
    async () => {
      const { result, log } = await openPage('?threads=off');
      expect(result, `${result.error ?? ''}\n${log.join('\n')}`).toMatchObject({
        ok: true,
        crossOriginIsolated: true,
        info: { backend: 'wasm', simd: true, threads: 1, versions: { tfjsCore: '4.22.0' } },
        model: 'RNNClassifier',
        tokens: ['good', 'fine', 'nice'],
        vocabulary: 2 + 8, // [PAD], [UNK] and the 8 distinct words
        predictions: [1, 0, 1, 0],
        reloadedPredictions: [1, 0, 1, 0],
      });
      expect(result.info!.kernels).toContain('UnsortedSegmentSum');
      expect(result.lossLast!).toBeLessThan(result.lossFirst!);
      expect(result.checkpoints).toContain('latest.json');
      console.log(`pack test page: ${JSON.stringify({ ...result, logits: undefined })}`);
    },
  );

  // A cross-origin isolated page gets tfjs's threaded build, whose memory is shared; the SIMD
  // kernels then load their shared-memory variant (a plain-memory module cannot link to it).
  it.skipIf(!hasChromium)(
    'trains a layers GRU classifier, reloads and predicts on the threaded SIMD build (cross-origin isolated)',
    async () => {
      const { result, log } = await openPage('');
      expect(result, `${result.error ?? ''}\n${log.join('\n')}`).toMatchObject({
        ok: true,
        crossOriginIsolated: true,
        multithread: true,
        info: { backend: 'wasm', simd: true },
        model: 'RNNClassifier',
        predictions: [1, 0, 1, 0],
        reloadedPredictions: [1, 0, 1, 0],
      });
      expect(result.lossLast!).toBeLessThan(result.lossFirst!);
    },
  );
});

interface PageResult {
  ok: boolean;
  error?: string;
  crossOriginIsolated?: boolean;
  multithread?: boolean;
  info?: { backend: string; simd: boolean; threads: number; kernels: string[] };
  lossFirst?: number;
  lossLast?: number;
  model?: string;
  tokens?: string[];
  vocabulary?: number;
  predictions?: number[];
  reloadedPredictions?: number[];
  checkpoints?: string[];
}
