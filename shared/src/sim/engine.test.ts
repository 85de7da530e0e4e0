import { describe, expect, it } from 'vitest';
import { CaseloadEvent, EVENT_TYPES, ROSTER_TYPES } from '../schemas/events.ts';
import { Simulation, simulateUnit } from './index.ts';
import { worldShape } from './roster.ts';

const START = Date.UTC(2026, 8, 1, 12);

describe('simulation stream', () => {
  const a = simulateUnit({ seed: 11, startMs: START });

  it('is deterministic: the same seed, scale and start give byte-identical events', () => {
    const b = simulateUnit({ seed: 11, startMs: START });
    expect(b.events.length).toBe(a.events.length);
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(JSON.stringify(b.groundTruth)).toBe(JSON.stringify(a.groundTruth));
  });

  it('differs for a different seed', () => {
    const c = simulateUnit({ seed: 12, startMs: START, days: 7 });
    const first = a.events.filter((e) => e.type === 'caseload.note.submitted').slice(0, 20);
    const other = c.events.filter((e) => e.type === 'caseload.note.submitted').slice(0, 20);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
    expect(c.sim.runTag).not.toBe(a.sim.runTag);
  });

  it('emits events that validate against CaseloadEvent, every type present, with unique ids and site sources', () => {
    // Several units so transfers between units happen too.
    const run = simulateUnit({ seed: 5, startMs: START, units: 4 });
    expect(run.events.length).toBeGreaterThan(5000);
    const seen = new Set<string>();
    const ids = new Set<string>();
    for (const e of run.events) {
      const r = CaseloadEvent.safeParse(e);
      if (!r.success) throw new Error(`${e.type} ${e.id}: ${JSON.stringify(r.error.issues)}`);
      seen.add(e.type);
      ids.add(e.id);
      expect(e.source).toMatch(/^\/sites\/[A-Za-z0-9_-]+\/cms$/);
    }
    expect([...seen].sort()).toEqual([...EVENT_TYPES].sort());
    expect(ids.size).toBe(run.events.length);
    expect(run.events.some((e) => e.type === 'caseload.case.assigned' && e.data.fromUnitId)).toBe(true);
    expect(run.events.some((e) => e.type === 'caseload.case.opened' && !e.data.workerId)).toBe(true);
  });

  it('emits the roster first, then the opening cases, then the flow ordered by send time', () => {
    const types = a.events.map((e) => e.type);
    const firstCase = types.indexOf('caseload.case.opened');
    const roster = types.slice(0, firstCase);
    expect(roster.every((t) => ROSTER_TYPES.has(t))).toBe(true);
    expect(roster.filter((t) => t === 'caseload.worker.upserted')).toHaveLength(12);
    const lastRoster = Math.max(
      ...['caseload.site.upserted', 'caseload.unit.upserted', 'caseload.worker.upserted'].map((t) =>
        types.lastIndexOf(t as never),
      ),
    );
    expect(lastRoster).toBeLessThan(firstCase);
    for (let i = 1; i < a.items.length; i++)
      expect(a.items[i]!.sendAtMs).toBeGreaterThanOrEqual(a.items[i - 1]!.sendAtMs);
    for (const it of a.items) expect(it.sendAtMs).toBeGreaterThanOrEqual(it.timeMs);
  });

  it('never contradicts itself: contacts and notes only on opened cases, by the worker holding the case', () => {
    const run = simulateUnit({ seed: 6, startMs: START, units: 3 });
    const holder = new Map<string, string | undefined>();
    const closed = new Set<string>();
    for (const i of run.items) {
      const e = i.event;
      if (e.type === 'caseload.case.opened') {
        expect(holder.has(e.data.caseId)).toBe(false);
        holder.set(e.data.caseId, e.data.workerId);
      } else if (e.type === 'caseload.case.assigned') {
        expect(holder.has(e.data.caseId), `assigned before opened: ${e.data.caseId}`).toBe(true);
        expect(closed.has(e.data.caseId), `assigned after closing: ${e.data.caseId}`).toBe(false);
        holder.set(e.data.caseId, e.data.workerId);
      } else if (e.type === 'caseload.case.closed') {
        expect(closed.has(e.data.caseId)).toBe(false);
        closed.add(e.data.caseId);
      } else if (e.type === 'caseload.contact.logged' || e.type === 'caseload.note.submitted') {
        expect(holder.has(e.data.caseId)).toBe(true);
        // Held offline or written late, an event may follow a hand-over; sent on time, it may not.
        if (e.type === 'caseload.contact.logged' && i.sendAtMs === i.timeMs) {
          expect(holder.get(e.data.caseId), `${e.id} on ${e.data.caseId}`).toBe(e.data.workerId);
          expect(closed.has(e.data.caseId)).toBe(false);
        }
      }
    }
  });

  it('counts in the ground truth only what the consumer has taken', () => {
    const sim = new Simulation({ scale: 'unit', seed: 2, startMs: START, days: 3 });
    const it = sim[Symbol.iterator]();
    for (let i = 0; i < 50; i++) it.next();
    // The 50th item was handed out but the consumer has not come back for more: not yet counted.
    expect(sim.groundTruth().totals.events).toBe(49);
    it.next();
    expect(sim.groundTruth().totals.events).toBe(50);
  });

  it('keeps the ground truth out of the events', () => {
    const notes = a.items.filter((i) => i.event.type === 'caseload.note.submitted');
    expect(notes.every((n) => n.note !== undefined)).toBe(true);
    const json = JSON.stringify(notes.map((n) => n.event));
    expect(json).not.toMatch(/currentCodes|mentions/);
  });

  it('syncs offline field notes late in bursts with their real time, and writes some notes more than 48 h late', () => {
    const synced = a.items.filter((i) => i.sendAtMs - i.timeMs > 60 * 60_000);
    expect(synced.length).toBeGreaterThan(5);
    // A burst: several held events go out within a minute of each other at the morning sync.
    const bySync = new Map<number, number>();
    for (const s of synced)
      bySync.set(Math.floor(s.sendAtMs / 60_000), (bySync.get(Math.floor(s.sendAtMs / 60_000)) ?? 0) + 1);
    expect(Math.max(...bySync.values())).toBeGreaterThanOrEqual(2);
    const late = a.events.filter(
      (e) =>
        e.type === 'caseload.note.submitted' &&
        e.data.contactTime &&
        Date.parse(e.time) - Date.parse(e.data.contactTime) > 48 * 3600_000,
    );
    expect(late.length).toBeGreaterThan(10);
  });

  it('is lazy: the county roster comes out without generating the whole run', () => {
    const sim = new Simulation({ scale: 'county', seed: 1, startMs: START });
    const counts: Record<string, number> = {};
    for (const item of sim) {
      if (item.event.type === 'caseload.case.opened') break;
      counts[item.event.type] = (counts[item.event.type] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'caseload.site.upserted': 20,
      'caseload.unit.upserted': 500,
      'caseload.worker.upserted': 5000,
    });
  });

  it('state scale is ten times the county roster', () => {
    const county = worldShape('county');
    const state = worldShape('state');
    expect(county.units * county.workersPerUnit).toBe(5000);
    expect(state.sites).toBe(10 * county.sites);
    expect(state.units * state.workersPerUnit).toBe(10 * county.units * county.workersPerUnit);
  });
});
