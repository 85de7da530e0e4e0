import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_AUTH_SECRET, testServers } from '@caseload/shared/testing';
import { verifyToken } from '../../src/lib/server/auth/tokens.ts';
import { connectOutcome, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { uniqueId } from '../support/fixtures.ts';
import { UserStore } from '../../src/lib/server/auth/users.ts';
import { issueToken } from '../../scripts/issue-token.ts';
import { seedDemo } from '../../scripts/seed-demo.ts';
import { tokenRequestFromArgs } from '../../scripts/token.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** `npm run token` (run once as the command it is) and the demo seeding. */
describe('wallboard scripts', () => {
  let h: WallboardHarness;
  beforeAll(async () => {
    h = await startWallboard();
  });
  afterAll(() => h?.stop());

  const env = () => ({
    ...process.env,
    AUTH_SECRET: TEST_AUTH_SECRET,
    REDIS_URL: testServers().redisUrl,
    WALLBOARD_ORIGIN: h.url,
  });

  it('issues a token for a laptop role, and audits the issue', async () => {
    const request = tokenRequestFromArgs(['--role', 'lead', '--unit', 'U7', '--unit', 'U8']);
    const { token } = await issueToken(request, env());
    expect(await verifyToken(token, TEST_AUTH_SECRET)).toMatchObject({ role: 'lead', units: ['U7', 'U8'] });
    const me = await fetch(`${h.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const issued = (await h.deps.audit.list({ count: 200 })).filter(
      (e) => e.action === 'token.issue' && e.what.units === 'U7,U8',
    );
    expect(issued).toHaveLength(1);
  });

  it('for a display, prints a one-time pairing URL first and a revocable display token last', async () => {
    const unit = uniqueId('U');
    const { stdout } = await run(tsx, ['wallboard/scripts/token.ts', '--role', 'display', '--unit', unit], {
      cwd: root,
      env: env(),
    });
    const lines = stdout.trim().split('\n');
    const pairing = /(http:\/\/\S+\/pair\/\S+)/.exec(lines.slice(0, -1).join('\n'))![1]!;
    const token = lines.at(-1)!;
    const principal = (await verifyToken(token, TEST_AUTH_SECRET))!;
    expect(principal).toMatchObject({ kind: 'display', role: 'display', units: [unit] });
    const paired = await fetch(pairing, { redirect: 'manual' });
    expect(paired.headers.get('location')).toBe(`/board/unit/${unit}`);
    expect(sessionCookieOf(paired)).toBeDefined();
    expect(await connectOutcome(h.client({ token }))).toBe('connected');
    await h.deps.displays.revoke(principal.id, 'test');
    expect(await connectOutcome(h.client({ token }))).toBe('unauthorized');
  });

  it('refuses an unknown role and a bad lifetime', () => {
    expect(() => tokenRequestFromArgs(['--role', 'root'])).toThrow(/--role must be one of/);
    expect(() => tokenRequestFromArgs(['--role', 'lead', '--ttl-days', '0'])).toThrow(/--ttl-days/);
  });

  it('seeds the demo users with printed passwords that log in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    try {
      const usersFile = join(dir, 'users.json');
      const out = await seedDemo({ units: ['U-demo'], sites: ['S-demo'] }, { ...env(), USERS_FILE: usersFile });
      expect(out.users.map((u) => `${u.username}:${u.role}`)).toEqual([
        'sam:supervisor',
        'lee:lead',
        'ops:operations',
        'audrey:auditor',
        'ada:admin',
      ]);
      expect(out.pairingUrl).toMatch(/\/pair\//);
      const file = readFileSync(usersFile, 'utf8');
      for (const u of out.users) expect(file).not.toContain(u.password);
      const sam = await new UserStore(usersFile).authenticate('sam', out.users[0]!.password);
      expect(sam).toMatchObject({ role: 'supervisor', units: ['U-demo'], sites: ['S-demo'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
