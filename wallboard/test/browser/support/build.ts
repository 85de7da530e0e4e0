import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Browser tests run against the production build (`vite build`), served by the real server code.
 * The build is made again only when a source is newer than it, since it takes a minute on 2 cores.
 *
 * Production, whoever asks: vite builds in development mode when NODE_ENV says so, and vitest sets
 * NODE_ENV=test — a build made from a test then ships Svelte's dev runtime, which keeps a stack trace
 * per state update, labels and component metadata on every element. A TV running that for hours grew
 * its heap by ~16 MB/h in the soak; the stamp file proves the build in place was made in production.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HANDLER = join(ROOT, 'build', 'handler.js');
const MODE_STAMP = join(ROOT, 'build', 'build-mode.txt');
const CLIENT = join(ROOT, 'build', 'client');
const SOURCES = ['src', 'svelte.config.js', 'vite.config.ts', '../shared/src/schemas'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIsStale(): boolean {
  if (!existsSync(HANDLER)) return true;
  if (!existsSync(MODE_STAMP) || readFileSync(MODE_STAMP, 'utf8').trim() !== 'production') return true;
  const built = statSync(HANDLER).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

/** The build's environment: the caller's, but always NODE_ENV=production (vitest sets `test`). */
export function productionBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_ENV: 'production' };
}

function runBuild(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: productionBuildEnv(process.env),
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 240_000,
    },
  );
  writeFileSync(MODE_STAMP, 'production\n');
}

/**
 * Client chunks of the build that carry Svelte's development runtime (its per-element
 * `__svelte_meta`, which the production compiler never emits): none in a TV-ready build.
 */
export function devRuntimeChunks(clientDir = CLIENT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js') && readFileSync(path, 'utf8').includes('__svelte_meta')) found.push(path);
    }
  };
  if (existsSync(clientDir)) walk(clientDir);
  return found;
}

/**
 * Builds when needed; returns how long it took (0 when the build was fresh). A build someone else
 * runs in the same folder at the same time can pull the output from under this one, so a failed
 * build is tried once more.
 */
export function ensureBuild(): number {
  if (!buildIsStale()) return 0;
  const started = Date.now();
  try {
    runBuild();
  } catch {
    runBuild();
  }
  return Date.now() - started;
}
