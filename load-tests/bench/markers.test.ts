import { describe, expect, it } from 'vitest';
import { CaseloadEvent, partitionOf } from '@caseload/shared';
import { FlowCycle } from './county-load.ts';
import { BatchSource } from './http-sender.ts';
import { MarkerBook, markerNote, markerRoster, markerUnits } from './markers.ts';

describe('marker units', () => {
  it('sit on distinct partitions and make valid events', () => {
    const units = markerUnits(4, 16, 'abc');
    expect(new Set(units.map((u) => u.partition)).size).toBe(4);
    for (const u of units) expect(partitionOf(u.unitId, 16)).toBe(u.partition);
    const time = new Date().toISOString();
    const events = [...markerRoster(units, 'S1', time), markerNote(units[0]!, 1, 'S1', time)];
    for (const e of events) expect(CaseloadEvent.safeParse(e).success).toBe(true);
  });
});

describe('MarkerBook', () => {
  it('measures 202 → first view that shows the count, with early views as 0 and missing ones as a lower bound', () => {
    const book = new MarkerBook();
    for (const n of [1, 2, 3, 4]) book.sent('U', n);
    book.accepted('U', 1, 1000);
    book.accepted('U', 2, 1100);
    book.observed('U', 2, 1400); // reflects 1 and 2
    book.observed('U', 3, 1500); // 3 seen before its 202 came back
    book.accepted('U', 3, 1600);
    book.accepted('U', 4, 1700); // never seen
    book.observed('U', 2, 9000); // an older count changes nothing
    const r = book.latencies(0, 10_000, 2500);
    expect(r.latenciesMs.sort((a, b) => a - b)).toEqual([0, 300, 400, 800]);
    expect(r.unobserved).toBe(1);
    expect(book.latencies(1050, 1650, 2500).latenciesMs.sort((a, b) => a - b)).toEqual([0, 300]);
  });
});

describe('BatchSource', () => {
  it('puts at most one marker per batch, and keeps markers a small share of small batches', () => {
    const time = new Date().toISOString();
    const flow = Array.from({ length: 7 }, (_, i) => markerNote(markerUnits(1, 16, 'f')[0]!, i + 1000, 'S1', time));
    const book = new MarkerBook();
    const source = new BatchSource(new FlowCycle(flow), markerUnits(2, 16, 'x'), 'S1', book, 100);
    const big = [0, 50, 100, 150, 200].map((t) => source.next(10, t).markers.length);
    expect(big).toEqual([1, 0, 1, 0, 1]); // one every 100 ms
    const small = Array.from({ length: 10 }, (_, i) => source.next(1, 1000 + i * 200).markers.length);
    expect(small.reduce((a, b) => a + b, 0)).toBe(2); // 1-event batches: every 5th
  });
});
