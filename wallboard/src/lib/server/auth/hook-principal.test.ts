import { describe, expect, it } from 'vitest';
import { TEST_AUTH_SECRET } from '@caseload/shared/testing';
import { principalForPage } from './hook-principal.ts';
import type { Principal } from './principal.ts';
import { REQUEST_PRINCIPAL } from './request-principal.ts';
import { signToken } from './tokens.ts';

const lead: Principal = { kind: 'user', id: 'lee', name: 'Lee', role: 'lead', units: ['U1'], sites: [] };
const secret = () => TEST_AUTH_SECRET;

describe('principalForPage (hooks.server)', () => {
  it('takes the principal the express server resolved, revocation included', async () => {
    expect(await principalForPage({ req: { [REQUEST_PRINCIPAL]: lead } }, null, secret)).toEqual(lead);
    // A revoked display: express resolved "nobody"; the cookie's valid signature must not override it.
    const cookie = `cw_session=${await signToken(lead, TEST_AUTH_SECRET, 60)}`;
    expect(await principalForPage({ req: { [REQUEST_PRINCIPAL]: null } }, cookie, secret)).toBeNull();
  });

  it('verifies the cookie itself when there is no express request (vite dev)', async () => {
    const cookie = `cw_session=${await signToken(lead, TEST_AUTH_SECRET, 60)}`;
    expect(await principalForPage(undefined, cookie, secret)).toEqual(lead);
    expect(await principalForPage(undefined, 'cw_session=forged.token.here', secret)).toBeNull();
    expect(await principalForPage(undefined, cookie, () => undefined)).toBeNull();
    expect(await principalForPage(undefined, null, secret)).toBeNull();
  });
});
