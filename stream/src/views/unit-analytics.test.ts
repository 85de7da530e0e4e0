import { describe, expect, it } from 'vitest';
import { loadDictionary, partitionOf, type EventData, type EventType } from '@caseload/shared';
import { typedEvent } from '../state/stored-event.testkit.ts';
import { riskFinding } from '../notes/finding.testkit.ts';
import { PartitionState } from '../state/partition-state.ts';
import { computeUnitAnalytics } from './unit-analytics.ts';

/**
 * Risk clusters as the processor computes them from a unit's state: a burst of distinct cases flagged for
 * one code on one caseload is a cluster with its notes as evidence; the same number of flags spread over
 * weeks is not.
 */

const dict = loadDictionary();
const P = 4;
const unitId = 'UC1';
const NOW = Date.parse('2026-11-20T16:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CODE = 'suicide_self_harm';

/** An event `msAgo` before NOW, received at NOW. */
const e = <T extends EventType>(type: T, data: EventData<T>, msAgo = 0) => typedEvent(type, data, NOW - msAgo, NOW);

const flagged = [riskFinding(CODE)];

/** A housing unit of 6 workers × 8 cases, with two plain notes a worker each business day for 28 days. */
function unit(): PartitionState {
  const s = new PartitionState(partitionOf(unitId, P), P, dict);
  s.apply(e('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'UTC' }, 40 * DAY));
  s.apply(e('caseload.unit.upserted', { unitId, siteId: 'S', name: 'U', wallShowsNames: false }, 40 * DAY));
  for (let w = 0; w < 6; w++) {
    const workerId = `W${w}`;
    s.apply(
      e('caseload.worker.upserted', { workerId, unitId, name: `Worker ${w}`, capacity: 30, active: true }, 40 * DAY),
    );
    for (let c = 0; c < 8; c++) {
      const caseData = { caseId: `${workerId}C${c}`, clientId: `K${w}${c}`, unitId, track: 'housing', workerId };
      s.apply(e('caseload.case.opened', { ...caseData, complexityFactors: [] }, 40 * DAY));
    }
    for (let d = 28; d >= 1; d--) {
      const day = new Date(NOW - d * DAY).getUTCDay();
      if (day === 0 || day === 6) continue;
      for (let k = 0; k < 2; k++) {
        const noteId = `${workerId}N${d}-${k}`;
        const caseId = `${workerId}C${(d + k) % 8}`;
        s.apply(e('caseload.note.submitted', { noteId, caseId, unitId, workerId, text: 'x' }, d * DAY - k * HOUR));
      }
    }
  }
  return s;
}

const clusters = (s: PartitionState) =>
  computeUnitAnalytics(s, unitId, NOW, new Map()).signals.filter((x) => x.kind === 'cluster');

describe('cluster signals from a unit', () => {
  it('finds six distinct cases of one caseload flagged within a day, with the notes as evidence', () => {
    const s = unit();
    for (let c = 0; c < 6; c++) {
      const data = { noteId: `burst${c}`, caseId: `W2C${c}`, unitId, workerId: 'W2', text: 'x' };
      s.apply(e('caseload.note.submitted', data, (2 + 3 * c) * HOUR), flagged);
    }
    const found = clusters(s);
    const mine = found.find((x) => x.signalId === `cluster.${unitId}.W2.${CODE}`);
    expect(mine?.severity).toBe('alert');
    expect(mine!.observed).toBe(6);
    expect(mine!.expected).toBeLessThan(1);
    expect(mine!.evidence?.map((x) => x.noteId).sort()).toEqual([
      'burst0',
      'burst1',
      'burst2',
      'burst3',
      'burst4',
      'burst5',
    ]);
    expect(found.filter((x) => x.severity === 'alert' && x.workerId !== undefined && x.workerId !== 'W2')).toEqual([]);
  });

  it('the same flags spread over four weeks are no cluster', () => {
    const s = unit();
    for (let c = 0; c < 6; c++) {
      const data = { noteId: `spread${c}`, caseId: `W2C${c}`, unitId, workerId: 'W2', text: 'x' };
      s.apply(e('caseload.note.submitted', data, (4 + 4 * c) * DAY), flagged);
    }
    expect(clusters(s).filter((x) => x.severity === 'alert')).toEqual([]);
  });
});
