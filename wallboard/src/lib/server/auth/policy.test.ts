import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.ts';
import { canAct, canDrillDown, canViewSite, canViewSites, canViewUnit, noteAccess } from './policy.ts';

const p = (role: Principal['role'], units: string[] = [], sites: string[] = []): Principal => ({
  kind: role === 'display' ? 'display' : 'user',
  id: 'x',
  name: 'x',
  role,
  units,
  sites,
});
const A = { unitId: 'A', siteId: 'S1' };

describe('policy (CONTRACT §4)', () => {
  it('scopes unit roles by unit or by the unit’s site', () => {
    expect(canViewUnit(p('lead', ['A']), A)).toBe(true);
    expect(canViewUnit(p('lead', [], ['S1']), A)).toBe(true);
    expect(canViewUnit(p('lead', ['B'], ['S2']), A)).toBe(false);
    expect(canViewUnit(p('display', [], ['S1']), { unitId: 'A' })).toBe(false);
  });

  it('gives operations every view, auditors and admins none', () => {
    expect(canViewUnit(p('operations'), A) && canViewSite(p('operations'), 'S9') && canViewSites(p('operations'))).toBe(
      true,
    );
    for (const role of ['auditor', 'admin'] as const) {
      expect(canViewUnit(p(role, ['A']), A) || canViewSite(p(role, [], ['S1']), 'S1') || canViewSites(p(role))).toBe(
        false,
      );
    }
  });

  it('reads notes: leads and supervisors in scope, operations by break-glass, others never', () => {
    expect(noteAccess(p('lead', ['A']), A)).toBe('allow');
    expect(noteAccess(p('supervisor', ['B']), A)).toBe('forbidden');
    expect(noteAccess(p('operations'), A)).toBe('breakglass');
    for (const role of ['display', 'auditor', 'admin'] as const)
      expect(noteAccess(p(role, ['A']), A)).toBe('forbidden');
  });

  it('lets only supervisors in scope act, and displays never drill down', () => {
    expect(canAct(p('supervisor', ['A']), A)).toBe(true);
    expect(canAct(p('lead', ['A']), A)).toBe(false);
    expect(canAct(p('operations'), A)).toBe(false);
    expect(canDrillDown(p('display', ['A']), A)).toBe(false);
  });
});
