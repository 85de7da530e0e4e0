import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * A token for the bench's screens from the contract's own command (`npm run token`, run here as
 * its script so no npm process sits in between): an operations token sees every unit view.
 */
export async function operationsToken(root: string, env: Record<string, string>): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'wallboard/scripts/token.ts'),
      '--role',
      'operations',
      '--name',
      'bench',
      '--ttl-days',
      '1',
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const token = out.trim().split('\n').at(-1)?.trim();
  if (code !== 0 || !token) throw new Error(`npm run token failed (${code}): ${err.slice(0, 500)}`);
  return token;
}
