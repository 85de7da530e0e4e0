import { isRole } from '../src/lib/roles.ts';
import { issueToken, type TokenRequest } from './issue-token.ts';
import { isMain, parseArgs, stackEnv } from './stack-env.ts';

/**
 * `npm run token -- --role R [--unit U]... [--site S]... [--name N] [--ttl-days D]`
 * Prints the signed token as its last line (for scripts and k6); for `--role display`, a one-time TV
 * pairing URL on an earlier line.
 */
export function tokenRequestFromArgs(argv: string[]): TokenRequest {
  const args = parseArgs(argv);
  const role = args.get('role')?.[0];
  if (!isRole(role)) throw new Error('--role must be one of display, lead, supervisor, operations, auditor, admin');
  const ttlDays = Number(args.get('ttl-days')?.[0] ?? 30);
  if (!(ttlDays > 0 && ttlDays <= 400)) throw new Error('--ttl-days must be between 0 and 400');
  const name = args.get('name')?.[0];
  return {
    role,
    units: args.get('unit') ?? [],
    sites: args.get('site') ?? [],
    ttlSeconds: Math.round(ttlDays * 86400),
    ...(name ? { name } : {}),
  };
}

async function main() {
  const request = tokenRequestFromArgs(process.argv.slice(2));
  const issued = await issueToken(request, stackEnv());
  if (issued.pairingUrl) console.log(`TV pairing URL (one use, valid 10 minutes): ${issued.pairingUrl}`);
  console.log(`# ${issued.principal.role} token for ${issued.principal.id}, valid ${request.ttlSeconds / 86400} days:`);
  console.log(issued.token);
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(`token: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
