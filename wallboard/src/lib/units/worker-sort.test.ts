import { describe, expect, it } from 'vitest';
import type { WorkerSummary } from '@caseload/shared';
import { byTrack, parseSort, sortWorkers } from './worker-sort.ts';

const w = (id: string, load: number, tracks?: string[]): WorkerSummary => ({
  workerId: id,
  name: id.toUpperCase(),
  displayName: id,
  absent: false,
  openCases: 1,
  weightedLoad: load,
  capacity: 10,
  notesInWindow: 0,
  contactsInWindow: 0,
  riskFlagsInWindow: 0,
  overdueCount: 0,
  ...(tracks ? { tracks } : {}),
});

describe('unit page sorting and filtering', () => {
  it('sorts by load either way, ties by id', () => {
    const list = [w('a', 5), w('b', 12), w('c', 5)];
    expect(sortWorkers(list, 'load', 'desc').map((x) => x.workerId)).toEqual(['b', 'a', 'c']);
    expect(sortWorkers(list, 'load', 'asc').map((x) => x.workerId)).toEqual(['a', 'c', 'b']);
  });

  it('falls back to load for an unknown sort key', () => {
    expect(parseSort('drop table')).toBe('load');
    expect(parseSort('overdue')).toBe('overdue');
  });

  it('filters by track, keeping workers whose tracks are unknown', () => {
    const list = [w('a', 1, ['housing']), w('b', 1, ['child_welfare']), w('c', 1)];
    expect(byTrack(list, 'housing').map((x) => x.workerId)).toEqual(['a', 'c']);
    expect(byTrack(list, null)).toHaveLength(3);
  });
});
