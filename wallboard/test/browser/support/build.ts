import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Browser tests run against the production build (`vite build`), served by the real server code.
 * The build is made again only when a source is newer than it, since it takes a minute on 2 cores.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HANDLER = join(ROOT, 'build', 'handler.js');
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
  const built = statSync(HANDLER).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

function runBuild(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 240_000,
    },
  );
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
