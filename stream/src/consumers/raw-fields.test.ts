import { describe, expect, it } from 'vitest';
import { makeKeyring, sealEvent, type CaseloadEvent } from '@caseload/shared';
import { TEST_NOTE_KEY } from '@caseload/shared/testing';
import { rawRosterFields } from './raw-fields.ts';

const ring = makeKeyring(TEST_NOTE_KEY);
const upsert: CaseloadEvent = {
  specversion: '1.0',
  id: 'e1',
  source: '/cms',
  type: 'caseload.worker.upserted',
  time: '2026-11-20T12:00:00Z',
  data: { workerId: 'W-1', unitId: 'U_7', name: 'Avery "Ave" Jones }', capacity: 20, active: true },
};
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('rawRosterFields', () => {
  it('reads time, unit and worker from a stored event as ingest writes it', () => {
    const stored = sealEvent(upsert, ring, '2026-11-20T12:00:01Z');
    expect(rawRosterFields(bytes(stored))).toEqual({
      time: '2026-11-20T12:00:00Z',
      unitId: 'U_7',
      workerId: 'W-1',
      receivedAt: '2026-11-20T12:00:01Z',
    });
    expect(rawRosterFields(bytes(upsert))).toEqual({ time: '2026-11-20T12:00:00Z', unitId: 'U_7', workerId: 'W-1' });
    // A Buffer view into a larger chunk reads the same.
    const chunk = Buffer.concat([Buffer.from('xx'), Buffer.from(JSON.stringify(stored))]);
    expect(rawRosterFields(chunk.subarray(2))).toEqual(rawRosterFields(bytes(stored)));
  });

  it('gives up (the caller parses) on anything it cannot read plainly', () => {
    expect(rawRosterFields(bytes(JSON.stringify(upsert, null, 1)))).toBeUndefined();
    expect(rawRosterFields(bytes({ ...upsert, data: { ...upsert.data, workerId: 'a\\"b' } }))).toBeUndefined();
    expect(rawRosterFields(bytes({ ...upsert, data: { unitId: 'U', name: 'n' } }))).toBeUndefined();
    // Fields outside `data` do not count for it, nor `time` inside it.
    expect(rawRosterFields(bytes({ ...upsert, data: { name: 'n' }, workerId: 'W', unitId: 'U' }))).toBeUndefined();
    const { time: _time, ...noTime } = upsert;
    expect(rawRosterFields(bytes({ ...noTime, data: { ...upsert.data, time: 'x' } }))).toBeUndefined();
    expect(rawRosterFields(bytes('not json'))).toBeUndefined();
  });
});
