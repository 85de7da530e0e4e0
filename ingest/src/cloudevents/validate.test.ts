import { describe, expect, it } from 'vitest';
import { validateEvents } from './validate.ts';

const NOW = Date.parse('2026-11-17T12:00:00Z');
const bounds = { maxAgeDays: 400, maxFutureSeconds: 300 };
const contact = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'e1',
  source: '/s',
  type: 'caseload.contact.logged',
  time: '2026-11-17T11:00:00Z',
  data: { contactId: 'k', caseId: 'c', unitId: 'u', workerId: 'w', mode: 'phone', outcome: 'completed' },
  ...over,
});

describe('validateEvents', () => {
  it('accepts valid events with their index', () => {
    const { accepted, rejected } = validateEvents([contact(), contact({ id: 'e2' })], bounds, NOW);
    expect(rejected).toEqual([]);
    expect(accepted.map((a) => [a.index, a.event.id])).toEqual([
      [0, 'e1'],
      [1, 'e2'],
    ]);
  });

  it('collects every problem of every event, with dotted paths', () => {
    const { rejected } = validateEvents(
      [contact({ specversion: '0.3', data: { ...contact().data, mode: 'fax', extra: 1 } }), 'nonsense', contact()],
      bounds,
      NOW,
    );
    expect(rejected).toHaveLength(2);
    expect(rejected[0]!.id).toBe('e1');
    expect(rejected[0]!.issues.map((i) => i.path).sort()).toEqual(['data', 'data.mode', 'specversion']);
    expect(rejected[1]).toMatchObject({ index: 1, id: null });
  });

  it('bounds event time on both sides, inclusive', () => {
    const at = (ms: number) => contact({ time: new Date(ms).toISOString() });
    const day = 86_400_000;
    const { rejected, accepted } = validateEvents(
      [at(NOW - 400 * day), at(NOW - 400 * day - 1), at(NOW + 300_000), at(NOW + 300_001)],
      bounds,
      NOW,
    );
    expect(accepted.map((a) => a.index)).toEqual([0, 2]);
    expect(rejected.map((r) => [r.index, r.issues[0]!.path])).toEqual([
      [1, 'time'],
      [3, 'time'],
    ]);
  });

  it('names a time problem even when other fields are wrong too', () => {
    const { rejected } = validateEvents([contact({ time: '2000-01-01T00:00:00Z', source: '' })], bounds, NOW);
    expect(rejected[0]!.issues.map((i) => i.path).sort()).toEqual(['source', 'time']);
  });
});
