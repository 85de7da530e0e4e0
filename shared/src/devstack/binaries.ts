import { spawnSync } from 'node:child_process';

/** Finds a program on PATH. */
export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

/**
 * Makes sure the OS programs the stack needs are on PATH, installing Debian's packages when this
 * process may (root and apt-get present). Returns the names still missing.
 */
export function ensureDebianPackages(needed: { cmd: string; pkg: string }[], log: (s: string) => void): string[] {
  const missing = needed.filter((n) => !which(n.cmd));
  if (missing.length === 0) return [];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && which('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
  if (!which('apt-get') || (!isRoot && !sudo)) return missing.map((m) => m.pkg);
  const prefix = sudo ?? [];
  const pkgs = missing.map((m) => m.pkg);
  log(`installing ${pkgs.join(', ')} from Debian's packages (apt-get)…`);
  const run = (args: string[]) =>
    spawnSync(prefix[0] ?? args[0]!, prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
  return missing.filter((m) => !which(m.cmd)).map((m) => m.pkg);
}
