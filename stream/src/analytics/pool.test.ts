import { describe, expect, it } from 'vitest';
import { recommendPool, type PoolWorker } from './pool.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20);
const worker = (
  workerId: string,
  tracks: string[],
  capacity: number,
  weightedLoad: number,
  absent = false,
): PoolWorker => ({
  workerId,
  tracks,
  capacity,
  weightedLoad,
  absent,
});

describe('client pool', () => {
  it('recommends the track-matching worker with most headroom, oldest case first, spreading', () => {
    const r = recommendPool(
      [
        { caseId: 'new', track: 'housing', weight: 2, waitingSinceMs: NOW - 1 * DAY },
        { caseId: 'old', track: 'housing', weight: 2, waitingSinceMs: NOW - 3.5 * DAY },
      ],
      [
        worker('a', ['housing'], 20, 15),
        worker('b', ['housing'], 20, 14),
        worker('c', ['workforce'], 30, 0),
        worker('d', ['housing'], 40, 0, true),
      ],
      NOW,
    );
    expect(r.unassigned).toBe(2);
    expect(r.oldestWaitDays).toBeCloseTo(3.5);
    expect(r.items.map((i) => [i.caseId, i.recommendedWorkerId, i.trackMatch])).toEqual([
      ['old', 'b', true],
      ['new', 'a', true],
    ]);
  });
  it('falls back to any present worker with room, and to none when nobody is there', () => {
    const r = recommendPool(
      [{ caseId: 'x', track: 'housing', weight: 3, waitingSinceMs: NOW }],
      [worker('a', ['housing'], 10, 9), worker('c', ['workforce'], 30, 0)],
      NOW,
    );
    expect(r.items[0]).toMatchObject({ recommendedWorkerId: 'c', trackMatch: false });
    const none = recommendPool([{ caseId: 'x', track: 'housing', weight: 1, waitingSinceMs: NOW }], [], NOW);
    expect(none.items[0]!.recommendedWorkerId).toBeUndefined();
  });
});
