// Helpers of the pack test: child processes with a clean environment, pnpm pack, npm
// consumer projects outside the workspace, and a static server for the Vite page.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const packTestRoot = fileURLToPath(new URL('..', import.meta.url));

/** npm's cache, kept between runs (outside the workspace) so repeated installs stay offline. */
export const npmCache = join(tmpdir(), 'tfnlp-pack-test-npm-cache');

export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * The environment of every child process: only what a user's shell would have. Drops what
 * pnpm, turbo and Vitest put in ours (npm_config_*, npm_package_*, NODE_ENV=test, VITEST*),
 * which would change what npm, Vite and the scenarios do.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'CI', 'TFNLP_DATA_DIR']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command; rejects with its command line, exit status and output on failure. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? cleanEnv(),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        if (error) {
          const status = error.killed ? 'killed (timeout)' : `exit ${String(error.code)}`;
          reject(
            new Error(
              `\`${command} ${args.join(' ')}\` in ${options.cwd}: ${status}\n` +
                `--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

function tail(text: string, chars = 6000): string {
  return text.length > chars ? `...${text.slice(-chars)}` : text;
}

export interface Tarball {
  /** Folder under packages/. */
  dir: string;
  /** Package name, e.g. @tfnlp/train. */
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  /** The tfnlp packages in its `dependencies` (not yet on the registry: npm gets their tarballs). */
  tfnlpDependencies: string[];
}

/**
 * `pnpm pack` of packages/<dir> into `dest` (pnpm, not npm, so `workspace:*` ranges become
 * real versions). Retries once: a test of the package may briefly write a file into dist/.
 */
export async function pnpmPack(dir: string, dest: string): Promise<Tarball> {
  const cwd = join(repoRoot, 'packages', dir);
  const pkg = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8'));
  const file = join(dest, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  // pnpm reads its settings from the workspace: keep the environment, minus npm_config_*
  // entries that a parent pnpm set for itself.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  const pack = () => run('pnpm', ['pack', '--pack-destination', dest], { cwd, env });
  await pack().catch(pack);
  if (!existsSync(file)) {
    throw new Error(`pnpm pack in packages/${dir} did not write ${file}`);
  }
  const tfnlpDependencies = Object.keys(pkg.dependencies ?? {}).filter((d) =>
    d.startsWith('@tfnlp/'),
  );
  return { dir, name: pkg.name, version: pkg.version, file, tfnlpDependencies };
}

/**
 * Creates an npm project in `dir` and installs `specs` (tarball paths, name@version) with
 * plain npm from the registry: exact versions, no audit or funding calls, npm's cache in
 * `npmCache` and preferred over the network.
 */
export async function npmProject(dir: string, specs: string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = `tfnlp-pack-test-${dir.split(sep).at(-1)}`.toLowerCase();
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--save-exact',
      '--loglevel=error',
      '--cache',
      npmCache,
      ...specs,
    ],
    { cwd: dir, timeoutMs: 150_000 },
  );
  return dir;
}

/** Runs `node <script>` in `cwd` and returns the JSON object on its last stdout line. */
export async function runScenario(
  script: string,
  cwd: string,
  timeoutMs = 90_000,
): Promise<{ result: Record<string, unknown>; stdout: string; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, [script], { cwd, timeoutMs });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(last);
  } catch {
    throw new Error(
      `${script}: the last stdout line is not JSON.\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
    );
  }
  return { result, stdout, stderr };
}

/** Files of a folder, non-recursive, sorted. */
export async function listFiles(dir: string, ending: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(ending)).sort();
}

/**
 * The packages of a README's install line (the first `npm install ...` / `pnpm add ...` line
 * of its first ```sh block), as npm specs: tfnlp packages become their tarballs, the rest
 * (e.g. `@tensorflow/tfjs-core@4.22.0`) stay as written. Throws when there is no such line or
 * it names a tfnlp package that is not packed.
 */
export function installSpecs(readme: string, tarballs: Tarball[]): string[] {
  const block = /```(?:sh|bash|shell)\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const line = /^\s*(?:npm install|npm i|pnpm add|yarn add)\s+([^#\n]*)/m.exec(block)?.[1];
  if (line === undefined) {
    throw new Error('README.md: no `npm install ...` or `pnpm add ...` line in its first sh block');
  }
  const byName = (name: string) => tarballs.find((t) => t.name === name);
  const specs = line
    .trim()
    .split(/\s+/)
    .filter((word) => !word.startsWith('-'))
    .map((spec) => {
      if (!spec.startsWith('@tfnlp/')) return spec;
      const tarball = byName(spec.replace(/(.)@.*$/, '$1'));
      if (!tarball) throw new Error(`README.md installs ${spec}, which is not a packed package`);
      return tarball.file;
    });
  // The tfnlp packages those depend on (e.g. @tfnlp/core) come from their tarballs too: npm
  // would look for them on the registry, where an unreleased version is not.
  const queue = tarballs.filter((t) => specs.includes(t.file));
  for (let t = queue.shift(); t; t = queue.shift()) {
    for (const name of t.tfnlpDependencies) {
      const dep = byName(name);
      if (!dep) throw new Error(`${t.name} depends on ${name}, which is not a packed package`);
      if (!specs.includes(dep.file)) {
        specs.push(dep.file);
        queue.push(dep);
      }
    }
  }
  return specs;
}
