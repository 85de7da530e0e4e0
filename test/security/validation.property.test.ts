import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routesOf, type CaseloadEvent } from '@caseload/shared';
import { parseBody } from '../../ingest/src/cloudevents/parse.ts';
import { validateEvents } from '../../ingest/src/cloudevents/validate.ts';
import { HttpError } from '../../ingest/src/http-error.ts';
import { DATA, idArb, validEventArb } from './support/event-arbitraries.ts';
import { withRawEntries } from './support/json-text.ts';

/**
 * Properties of ingest's parse and validate steps, the pure part of the hostile-input defence
 * (the HTTP fuzz runs in hostile-ingest.test.ts).
 */
const bounds = { maxAgeDays: 400, maxFutureSeconds: 300 };
const stamp = <E extends { id: string }>(e: E, i: number): E => ({ ...e, id: `p-${i}` });

describe('ingest validation properties', () => {
  it('accepts every generated valid event, and refuses it with any one required field removed', () => {
    let i = 0;
    fc.assert(
      fc.property(validEventArb, fc.nat(), (raw, pick) => {
        const e = stamp(raw, i++);
        expect(validateEvents([e], bounds).accepted).toHaveLength(1);
        const required = DATA[e.type].required;
        const field = required[pick % required.length]!;
        const { [field]: _gone, ...data } = e.data;
        const { accepted, rejected } = validateEvents([{ ...e, data }], bounds);
        expect(accepted).toHaveLength(0);
        expect(rejected[0]!.issues.map((x) => x.path)).toContain(`data.${field}`);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('never throws on any JSON value, and accepts nothing that is not an object', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const { accepted, rejected } = validateEvents([v], bounds);
        expect(accepted.length + rejected.length).toBe(1);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) expect(accepted).toHaveLength(0);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('turns any bytes into candidate events or a 4xx HttpError, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
        ),
        fc.constantFrom('structured', 'batch', 'binary') as fc.Arbitrary<'structured' | 'batch' | 'binary'>,
        (body, mode) => {
          try {
            const { events } = parseBody(mode, body, {});
            validateEvents(events, bounds);
          } catch (e) {
            expect(e).toBeInstanceOf(HttpError);
            expect((e as HttpError).status).toBe(400);
          }
        },
      ),
      { numRuns: 800 },
    );
  }, 60_000);

  it('refuses invalid UTF-8 anywhere in the body, in every mode, rather than store U+FFFD in its place', () => {
    const bad = fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0x80]);
    let i = 0;
    fc.assert(
      fc.property(validEventArb, bad, fc.nat(), fc.boolean(), (raw, bytes, at, batch) => {
        const json = JSON.stringify(stamp(raw, i++));
        const text = Buffer.from(batch ? `[${json}]` : json);
        const where = 1 + (at % (text.length - 2));
        const body = Buffer.concat([text.subarray(0, where), Buffer.from(bytes), text.subarray(where)]);
        expect(() => parseBody(batch ? 'batch' : 'structured', body, {})).toThrow(
          expect.objectContaining({ status: 400, error: 'invalid_utf8' }),
        );
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('ignores __proto__ and constructor keys: nothing reaches Object.prototype', () => {
    let i = 0;
    fc.assert(
      fc.property(validEventArb, fc.constantFrom('__proto__', 'constructor', 'prototype'), (raw, key) => {
        const e = stamp(raw, i++);
        const text = withRawEntries(e as unknown as Record<string, unknown>, [
          [key, '{"polluted":true,"prototype":{"polluted":true},"__proto__":{"polluted":true}}'],
        ]);
        const { events } = parseBody('structured', Buffer.from(text), {});
        const { accepted } = validateEvents(events, bounds);
        expect(accepted).toHaveLength(1);
        expect(Object.keys(accepted[0]!.event)).not.toContain(key);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('routes every accepted event to plain subject tokens: no wildcard, no extra token, whatever the ids were', () => {
    const anyId = fc.oneof(idArb, fc.string({ maxLength: 70 }), fc.constantFrom('*', '>', 'a.b', 'U.>', ' ', ''));
    let i = 0;
    fc.assert(
      fc.property(validEventArb, anyId, anyId, (raw, unitId, fromUnitId) => {
        const e = stamp(raw, i++);
        const data: Record<string, unknown> = { ...e.data, ...('unitId' in e.data ? { unitId } : {}) };
        if (e.type === 'caseload.case.assigned') data.fromUnitId = fromUnitId;
        const { accepted } = validateEvents([{ ...e, data }], bounds);
        for (const { event } of accepted)
          for (const r of routesOf(event as CaseloadEvent, 16)) {
            const tokens = r.subject.split('.');
            expect(tokens).toHaveLength(6);
            for (const t of tokens) expect(t).toMatch(/^[~A-Za-z0-9_-]+$/); // ~site is the site token
          }
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
