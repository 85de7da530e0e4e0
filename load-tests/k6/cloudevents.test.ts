import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CaseloadEvent, ROSTER_TYPES as SHARED_ROSTER_TYPES } from '@caseload/shared';
import { simulateUnit } from '@caseload/shared/sim';
import {
  MAX_ID_LENGTH,
  ROSTER_TYPES,
  buildBatch,
  chunk,
  freshEventId,
  parseNdjsonEvents,
  readAccepted,
  splitRoster,
  type CloudEvent,
} from './lib/cloudevents.js';
import { FILE_EVENTS, NDJSON, T } from './test-fixtures.ts';

describe('the simulator file', () => {
  it('holds valid contract events (the fixture is what the simulator writes)', () => {
    for (const e of FILE_EVENTS) expect(CaseloadEvent.safeParse(e).success).toBe(true);
  });

  it('is read line by line, blank lines skipped, up to a limit', () => {
    expect(parseNdjsonEvents(NDJSON)).toEqual(FILE_EVENTS);
    expect(parseNdjsonEvents(NDJSON.replace(/\n/g, '\r\n'))).toEqual(FILE_EVENTS);
    expect(parseNdjsonEvents(NDJSON, 2).map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('names the line of a bad event', () => {
    expect(() => parseNdjsonEvents(NDJSON + '{"specversion":"1.0"}\n')).toThrow(/line 8: no "id"/);
    expect(() => parseNdjsonEvents('{oops\n')).toThrow(/line 1: not JSON/);
  });

  it('splits the roster (sent once) from the activity (replayed), with the contract list of roster types', () => {
    expect([...ROSTER_TYPES].sort()).toEqual([...SHARED_ROSTER_TYPES].sort());
    const { roster, activity } = splitRoster(parseNdjsonEvents(NDJSON));
    expect(roster.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(activity.map((e) => e.id)).toEqual(['e4', 'e5', 'e6']);
  });
});

describe('batches', () => {
  const activity = splitRoster(parseNdjsonEvents(NDJSON)).activity;

  it('stay valid contract events with fresh ids', () => {
    const batch = buildBatch(activity, { iteration: 4, size: 5, runId: 'r1' });
    expect(batch).toHaveLength(5);
    for (const e of batch) expect(CaseloadEvent.safeParse(e).success).toBe(true);
    // Iteration 4 × 5 = 20 → position 20 mod 3 = 2, then wrapping around the file.
    expect(batch.map((e) => e.data)).toEqual([2, 0, 1, 2, 0].map((i) => activity[i]!.data));
    expect(batch[0]!.id).toBe('k6-r1-4-0-e6');
  });

  it('never mutate the source events (k6 shares them read-only)', () => {
    const frozen = activity.map((e) => Object.freeze({ ...e })) as CloudEvent[];
    const batch = buildBatch(frozen, { iteration: 0, size: 3, runId: 'r', time: '2026-11-20T00:00:00.000Z' });
    expect(batch.map((e) => e.time)).toEqual(Array(3).fill('2026-11-20T00:00:00.000Z'));
    expect(frozen.map((e) => e.time)).toEqual([T, T, T]);
  });

  it('give every event of a run a distinct id, across iterations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 40 }), (size, iterations) => {
        const ids = new Set<string>();
        for (let it = 0; it < iterations; it++) {
          for (const e of buildBatch(activity, { iteration: it, size, runId: 'run', time: undefined })) ids.add(e.id);
        }
        expect(ids.size).toBe(size * iterations);
      }),
      { numRuns: 50 },
    );
  });

  it('keep ids within the contract length', () => {
    expect(freshEventId('x'.repeat(300), 'run', 123456, 999)).toHaveLength(MAX_ID_LENGTH);
  });

  it('refuse sizes the ingest would refuse', () => {
    expect(() => buildBatch(activity, { iteration: 0, size: 1001, runId: 'r' })).toThrow(/1\.\.1000/);
    expect(() => buildBatch([], { iteration: 0, size: 1, runId: 'r' })).toThrow(/no events/);
  });

  it('chunk the roster without losing or reordering events', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });

  it('read the ingest answer', () => {
    expect(readAccepted({ accepted: 100, duplicates: 2, ids: [] })).toEqual({ accepted: 100, duplicates: 2 });
    expect(readAccepted({ accepted: 3 })).toEqual({ accepted: 3, duplicates: 0 });
    expect(readAccepted({ error: 'x' })).toBeNull();
    expect(readAccepted(null)).toBeNull();
  });
});

describe("the real simulator's output", () => {
  it('reads as the file `npm run simulate -- --out` writes, and replays as batches the contract accepts', () => {
    const { events } = simulateUnit({ seed: 7, days: 3 });
    const ndjson = events.map((e) => JSON.stringify(e) + '\n').join('');
    const { roster, activity } = splitRoster(parseNdjsonEvents(ndjson));
    expect(roster.length + activity.length).toBe(events.length);
    expect(roster.map((e) => e.type)).toContain('caseload.unit.upserted');
    expect(activity.map((e) => e.type)).toContain('caseload.note.submitted');
    for (let iteration = 0; iteration < 8; iteration++) {
      const batch = buildBatch(activity, { iteration, size: 100, runId: 'sim' });
      for (const e of batch) {
        const parsed = CaseloadEvent.safeParse(e);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    }
  });
});
