import { loadConfig } from '@caseload/shared';
import { seedDemoUsers, UserStore, type DemoLogin, type DemoScope } from '../src/lib/server/auth/users.ts';
import { issueToken } from './issue-token.ts';
import { isMain, parseArgs, stackEnv } from './stack-env.ts';
import { defaultDemoScope } from './demo-scope.ts';

/**
 * `tsx wallboard/scripts/seed-demo.ts [--unit U]... [--site S]... [--scale county] [--json]`
 * Writes one demo user per person role to the users file (fresh passwords) and creates a TV display
 * for the first unit with a pairing URL. With `--json` the last line is
 * `{"users":[{username,password,role}],"pairingUrl","scope"}` for `npm start` to print.
 */
export async function seedDemo(
  scope: DemoScope,
  env: Record<string, string | undefined>,
): Promise<{ users: DemoLogin[]; pairingUrl: string | undefined; scope: DemoScope }> {
  const { USERS_FILE } = loadConfig(['USERS_FILE'], env);
  const users = await seedDemoUsers(new UserStore(USERS_FILE), scope);
  const display = await issueToken(
    {
      role: 'display',
      units: scope.units.slice(0, 1),
      sites: scope.units.length ? [] : scope.sites,
      ttlSeconds: 86400,
    },
    env,
  );
  return { users, pairingUrl: display.pairingUrl, scope };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const given: DemoScope = { units: args.get('unit') ?? [], sites: args.get('site') ?? [] };
  const scale = args.get('scale')?.[0];
  const scope =
    given.units.length + given.sites.length > 0
      ? given
      : await defaultDemoScope(scale === 'unit' || scale === 'state' ? scale : 'county');
  const out = await seedDemo(scope, stackEnv());
  if (args.has('json')) {
    console.log(JSON.stringify(out));
  } else {
    for (const u of out.users) console.log(`${u.username} / ${u.password} (${u.role})`);
    console.log(`TV pairing URL: ${out.pairingUrl}`);
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(`seed-demo: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
