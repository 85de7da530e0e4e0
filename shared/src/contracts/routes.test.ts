import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { partitionOf } from './subjects.ts';
import type { CaseloadEvent } from '../schemas/events.ts';
import { msgIdOf, routesOf } from './routes.ts';

/** The documented encoding, written out plainly. */
function lengthPrefixed(source: string, id: string): Buffer {
  const s = Buffer.from(source, 'utf8');
  const i = Buffer.from(id, 'utf8');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(s.length, 0);
  head.writeUInt32BE(i.length, 4);
  return Buffer.concat([head, s, i]);
}

const base = { specversion: '1.0' as const, id: 'e1', source: '/s', time: '2026-11-17T00:00:00Z' };
const ev = (type: string, data: Record<string, unknown>) => ({ ...base, type, data }) as unknown as CaseloadEvent;

describe('msgIdOf', () => {
  it('distinct (source, id) pairs never share an id, even when their concatenations match', () => {
    expect(msgIdOf('a:b', 'c')).not.toBe(msgIdOf('a', 'b:c'));
    expect(msgIdOf('ab', 'c')).not.toBe(msgIdOf('a', 'bc'));
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (s1, i1, s2, i2) => {
        fc.pre(s1 !== s2 || i1 !== i2);
        expect(msgIdOf(s1, i1)).not.toBe(msgIdOf(s2, i2));
      }),
    );
  });

  it('keeps its documented value (SHA-256 over u32 len(source), u32 len(id), source, id; base64url)', () => {
    // Fixed values: a change here would break de-duplication against ids already in the stream.
    expect(msgIdOf('/sites/north/cms', 'evt-1')).toBe('ftH21qMv9kqV9QPQ4FnNBQ9uRzqXy3CUnPMxw0vv-84');
    expect(msgIdOf('/søurce/é', 'ïd-✓')).toBe('U7ebPV2PRogCeLzI-9DgkCOmoVJpKWOKXAQT4CryUE4');
    expect(msgIdOf('', '')).toBe('r1Vw9aGBC3r3jK9LxwpmDw31HkK6-R1N5bIyjeDoPfw');
    const long = 'x'.repeat(3000); // longer than the reused buffer
    expect(msgIdOf(long, 'i')).toBe(createHash('sha256').update(lengthPrefixed(long, 'i')).digest('base64url'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (s, i) => {
        expect(msgIdOf(s, i)).toBe(createHash('sha256').update(lengthPrefixed(s, i)).digest('base64url'));
      }),
    );
  });

  it('is stable and safe as a header value', () => {
    expect(msgIdOf('/sites/n', 'evt-1')).toBe(msgIdOf('/sites/n', 'evt-1'));
    expect(msgIdOf('/sites/n', 'evt-1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('routesOf', () => {
  it("sends a unit's event to its partition once, with the plain msg id", () => {
    const e = ev('caseload.case.closed', { caseId: 'c', unitId: 'U5' });
    expect(routesOf(e, 16)).toEqual([
      { subject: `caseload.events.p${partitionOf('U5', 16)}.U5.case.closed`, msgId: msgIdOf('/s', 'e1') },
    ]);
  });

  it('sends roster events to every partition with distinct msg ids', () => {
    const r = routesOf(ev('caseload.site.upserted', { siteId: 'n', name: 'N' }), 8);
    expect(r.map((x) => x.subject)).toEqual(
      Array.from({ length: 8 }, (_, k) => `caseload.events.p${k}.~site.site.upserted`),
    );
    expect(new Set(r.map((x) => x.msgId)).size).toBe(8);
  });

  it('sends a transfer to both partitions, once when they coincide', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
        (to, from) => {
          const r = routesOf(
            ev('caseload.case.assigned', { caseId: 'c', unitId: to, workerId: 'w', fromUnitId: from }),
            16,
          );
          const parts = new Set([partitionOf(to, 16), partitionOf(from, 16)]);
          expect(r).toHaveLength(parts.size);
          expect(new Set(r.map((x) => Number(/\.p(\d+)\./.exec(x.subject)![1])))).toEqual(parts);
          expect(new Set(r.map((x) => x.msgId)).size).toBe(r.length);
        },
      ),
    );
  });
});
