import { describe, expect, it } from 'vitest';
import type { CaseloadEvent } from '@caseload/shared';
import { forbiddenEvents, placementsOf } from './site-scope.ts';

const base = { specversion: '1.0' as const, source: '/s', time: '2026-11-17T00:00:00Z' };
let n = 0;
const ev = (type: string, data: Record<string, unknown>) => ({
  index: n,
  event: { ...base, id: `e${n++}`, type, data } as unknown as CaseloadEvent,
});
const unit = (unitId: string, siteId: string) => ev('caseload.unit.upserted', { unitId, siteId, name: unitId });
const noteOf = (unitId: string) => ev('caseload.note.retracted', { noteId: 'n', caseId: 'c', unitId, workerId: 'w' });
const north = { all: false as const, sites: new Set(['north']) };
const known = new Map([
  ['UN', 'north'],
  ['US', 'south'],
]);
const indexes = (evs: ReturnType<typeof ev>[]) => forbiddenEvents(evs, north, known).map((f) => f.index);

describe('forbiddenEvents', () => {
  it('lets an all-sites key through without looking', () => {
    expect(forbiddenEvents([noteOf('nowhere')], { all: true }, new Map())).toEqual([]);
  });

  it('refuses units of other sites and units nobody placed', () => {
    const evs = [noteOf('UN'), noteOf('US'), noteOf('U?')];
    expect(indexes(evs)).toEqual([evs[1]!.index, evs[2]!.index]);
  });

  it('uses placements made earlier in the same request, not later', () => {
    const early = [unit('UX', 'north'), noteOf('UX')];
    expect(indexes(early)).toEqual([]);
    const late = [noteOf('UY'), unit('UY', 'north')];
    expect(indexes(late)).toEqual([late[0]!.index]);
  });

  it('a move needs the old and the new site in scope', () => {
    expect(indexes([unit('US', 'north')])).toHaveLength(1);
    expect(indexes([unit('UN', 'south')])).toHaveLength(1);
    expect(indexes([unit('UN', 'north')])).toEqual([]);
  });

  it('a transfer needs both units; site events use their own siteId', () => {
    const t = (from: string) =>
      ev('caseload.case.assigned', { caseId: 'c', unitId: 'UN', workerId: 'w', fromUnitId: from });
    expect(indexes([t('UN')])).toEqual([]);
    expect(indexes([t('US')])).toHaveLength(1);
    expect(indexes([ev('caseload.site.upserted', { siteId: 'north', name: 'N' })])).toEqual([]);
    expect(indexes([ev('caseload.site.upserted', { siteId: 'south', name: 'S' })])).toHaveLength(1);
  });
});

describe('placementsOf', () => {
  it('keeps the last placement of each unit', () => {
    expect([...placementsOf([unit('A', 's1'), noteOf('A'), unit('A', 's2'), unit('B', 's1')])]).toEqual([
      ['A', 's2'],
      ['B', 's1'],
    ]);
  });
});
