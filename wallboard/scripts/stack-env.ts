import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The environment for the wallboard's command-line scripts: the process's own variables, completed by
 * what `npm start` saved in `.data/` (the secrets it invented, the wallboard URL it runs on), so that
 * `npm run token` works beside a running stack without copying secrets around. Variables win.
 */
export function stackEnv(env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  const dataDir = fileURLToPath(new URL('../../.data/', import.meta.url));
  const saved = readJson(`${dataDir}secrets.json`);
  const lock = readJson(`${dataDir}stack.lock`);
  const merged: Record<string, string | undefined> = { ...env };
  for (const name of ['AUTH_SECRET', 'NOTE_ENCRYPTION_KEY']) {
    if (!merged[name] && typeof saved[name] === 'string') merged[name] = saved[name];
  }
  if (!merged.WALLBOARD_ORIGIN && typeof lock.wallboardUrl === 'string') merged.WALLBOARD_ORIGIN = lock.wallboardUrl;
  return merged;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `--flag value` pairs; repeated flags collect into lists. */
export function parseArgs(argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? (argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[++i]! : 'true');
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/** True when the module at `moduleUrl` is the script node was asked to run (not an import in a test). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}
