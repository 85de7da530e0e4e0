import { spawn } from 'node:child_process';
import { TEST_AUTH_SECRET } from '@caseload/shared/testing';
import { ROOT } from './services.ts';

/**
 * A bearer token from `npm run token` (CONTRACT §1: the token is its last line), run as the
 * operator would, against the stack's Redis (where the issue is audited).
 */
export async function issueToken(role: string, redisUrl: string, origin: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'wallboard/scripts/token.ts', '--role', role], {
    cwd: ROOT,
    env: { ...process.env, AUTH_SECRET: TEST_AUTH_SECRET, REDIS_URL: redisUrl, WALLBOARD_ORIGIN: origin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last) throw new Error(`npm run token failed (${code}): ${err.slice(-500)}`);
  return last.trim();
}
