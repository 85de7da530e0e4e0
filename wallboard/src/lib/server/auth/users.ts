import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PERSON_ROLES, type Role } from '../../roles.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';

/** The users file: people who log in, with scrypt hashes. Read on each login so edits apply at once. */
export const UserRecord = z.object({
  username: z.string().regex(/^[a-z0-9._-]{2,64}$/),
  name: z.string().min(1),
  role: z.enum(PERSON_ROLES as [Role, ...Role[]]),
  units: z.array(z.string()).default([]),
  sites: z.array(z.string()).default([]),
  passwordHash: z.string(),
  createdAt: z.string(),
});
export type UserRecord = z.infer<typeof UserRecord>;

const UsersFile = z.object({ users: z.array(UserRecord) });

export class UserStore {
  constructor(readonly path: string) {}

  async list(): Promise<UserRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return UsersFile.parse(JSON.parse(text)).users;
  }

  async find(username: string): Promise<UserRecord | undefined> {
    return (await this.list()).find((u) => u.username === username);
  }

  /** Adds or replaces users by username; written to a temporary file and renamed, never half-written. */
  async upsert(records: UserRecord[]): Promise<void> {
    const byName = new Map((await this.list()).map((u) => [u.username, u]));
    for (const r of records) byName.set(r.username, UserRecord.parse(r));
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ users: [...byName.values()] }, null, 2), { mode: 0o600 });
    await rename(tmp, this.path);
  }

  /** The principal for a username and password, or null (same answer for unknown user and bad password). */
  async authenticate(username: string, password: string): Promise<Principal | null> {
    const user = await this.find(username);
    // Hash even for an unknown user so response time does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return null;
    return { kind: 'user', id: user.username, name: user.name, role: user.role, units: user.units, sites: user.sites };
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface DemoScope {
  units: string[];
  sites: string[];
}

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
}

const DEMO_USERS: { username: string; name: string; role: Role; scoped: boolean }[] = [
  { username: 'sam', name: 'Sam Supervisor', role: 'supervisor', scoped: true },
  { username: 'lee', name: 'Lee Lead', role: 'lead', scoped: true },
  { username: 'ops', name: 'Olive Operations', role: 'operations', scoped: false },
  { username: 'audrey', name: 'Audrey Auditor', role: 'auditor', scoped: false },
  { username: 'ada', name: 'Ada Admin', role: 'admin', scoped: false },
];

/**
 * One demo user per person role, each with a fresh password (returned so `npm start` can print it).
 * The unit roles get `scope`; the county-wide roles need none.
 */
export async function seedDemoUsers(
  store: UserStore,
  scope: DemoScope,
  passwords: Partial<Record<string, string>> = {},
): Promise<DemoLogin[]> {
  const createdAt = new Date().toISOString();
  const seeded = await Promise.all(
    DEMO_USERS.map(async (u) => {
      const password = passwords[u.username] ?? generatePassword();
      const record: UserRecord = {
        username: u.username,
        name: u.name,
        role: u.role,
        units: u.scoped ? scope.units : [],
        sites: u.scoped ? scope.sites : [],
        passwordHash: await hashPassword(password),
        createdAt,
      };
      return { login: { username: u.username, password, role: u.role }, record };
    }),
  );
  const logins = seeded.map((s) => s.login);
  const records = seeded.map((s) => s.record);
  await store.upsert(records);
  return logins;
}
