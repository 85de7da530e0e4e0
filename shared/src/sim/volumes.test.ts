import { describe, expect, it } from 'vitest';
import type { CaseloadEvent } from '../schemas/events.ts';
import { localDay, localDayIndexAt } from './calendar.ts';
import { Simulation, simulateUnit } from './index.ts';
import { CASES_PER_WORKER, CONTACT_OUTCOMES } from './volumes.ts';

const START = Date.UTC(2026, 2, 2, 12);
const run = simulateUnit({ seed: 3, startMs: START, days: 35 });
const events = run.events;
const gt = run.groundTruth;
const injectedOverload = new Set(gt.overloaded.filter((o) => o.injected).map((o) => o.workerId));
const tz = run.sim.timezone;

function businessDays(): number {
  let n = 0;
  for (let d = run.sim.startDay; localDay(tz, d).startMs < run.sim.endMs; d++) if (localDay(tz, d).isBusinessDay) n++;
  return n;
}

/** Open cases per worker after replaying case events up to an index. */
function caseloads(upto: number): Map<string, number> {
  const owner = new Map<string, string | undefined>();
  for (const e of events.slice(0, upto)) {
    if (e.type === 'caseload.case.opened') owner.set(e.data.caseId, e.data.workerId);
    else if (e.type === 'caseload.case.assigned') owner.set(e.data.caseId, e.data.workerId);
    else if (e.type === 'caseload.case.closed') owner.delete(e.data.caseId);
  }
  const per = new Map<string, number>();
  for (const w of owner.values()) if (w) per.set(w, (per.get(w) ?? 0) + 1);
  return per;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

describe('unit-scale volumes over 35 days (ranges documented in volumes.ts and docs/SIMULATOR.md)', () => {
  it('carries about 15 open cases per worker, at the start and the end', () => {
    const firstFlow = events.findIndex((e) => e.type === 'caseload.contact.logged');
    for (const per of [caseloads(firstFlow), caseloads(events.length)]) {
      const normal = [...per].filter(([w]) => !injectedOverload.has(w)).map(([, n]) => n);
      expect(normal).toHaveLength(12 - injectedOverload.size);
      expect(mean(normal)).toBeGreaterThanOrEqual(11);
      expect(mean(normal)).toBeLessThanOrEqual(19);
      for (const n of normal) expect(n).toBeGreaterThanOrEqual(CASES_PER_WORKER.intensive.min - 4);
    }
  });

  it('writes 2–3 notes per worker per business day', () => {
    const notes = events.filter((e) => e.type === 'caseload.note.submitted').length;
    const perWorkerDay = notes / (12 * businessDays());
    expect(perWorkerDay).toBeGreaterThanOrEqual(2);
    expect(perWorkerDay).toBeLessThanOrEqual(3);
  });

  it('sees each case on its cadence: weekly, every 3 days or fortnightly', () => {
    const cadence = new Map<string, number>();
    const visits = new Map<string, number[]>();
    for (const e of events) {
      if (e.type === 'caseload.case.opened') cadence.set(e.data.caseId, e.data.contactCadenceDays ?? 7);
      if (e.type === 'caseload.contact.logged' && e.data.outcome === 'completed' && !e.data.crisis) {
        visits.set(e.data.caseId, [...(visits.get(e.data.caseId) ?? []), Date.parse(e.time)]);
      }
    }
    const gaps = new Map<number, number[]>();
    for (const [caseId, times] of visits) {
      const c = cadence.get(caseId)!;
      for (let i = 1; i < times.length; i++)
        gaps.set(c, [...(gaps.get(c) ?? []), (times[i]! - times[i - 1]!) / 86_400_000]);
    }
    expect(gaps.get(7)?.length ?? 0).toBeGreaterThan(50);
    const weekly = median(gaps.get(7)!);
    expect(weekly).toBeGreaterThanOrEqual(6);
    expect(weekly).toBeLessThanOrEqual(9);
    if (gaps.has(3)) {
      expect(median(gaps.get(3)!)).toBeGreaterThanOrEqual(2.5);
      expect(median(gaps.get(3)!)).toBeLessThanOrEqual(5);
    }
    if (gaps.has(14)) {
      expect(median(gaps.get(14)!)).toBeGreaterThanOrEqual(12);
      expect(median(gaps.get(14)!)).toBeLessThanOrEqual(17);
    }
  });

  it('has the usual no-shows, attempts and cancellations', () => {
    const contacts = events.filter(
      (e): e is Extract<CaseloadEvent, { type: 'caseload.contact.logged' }> => e.type === 'caseload.contact.logged',
    );
    const share = (o: string) => contacts.filter((c) => c.data.outcome === o).length / contacts.length;
    expect(share('no_show')).toBeGreaterThan(CONTACT_OUTCOMES.no_show / 2);
    expect(share('no_show')).toBeLessThan(CONTACT_OUTCOMES.no_show * 1.6);
    expect(share('attempted')).toBeGreaterThan(0.02);
    expect(share('cancelled')).toBeGreaterThan(0.01);
    expect(share('completed')).toBeGreaterThan(0.7);
  });

  it('supervises every worker about every two weeks and has occasional absences', () => {
    const sup = events.filter((e) => e.type === 'caseload.supervision.completed');
    expect(sup.length / 12).toBeGreaterThanOrEqual(1.5);
    expect(sup.length / 12).toBeLessThanOrEqual(3.5);
    const absences = events.filter((e) => e.type === 'caseload.worker.absence').length;
    expect(absences).toBeLessThanOrEqual(12);
  });

  it('mentions risk at the dictionary base rates of each track', () => {
    const drifting = new Set(gt.drifts.map((d) => d.workerId));
    const trackOf = new Map<string, string>();
    for (const e of events) if (e.type === 'caseload.case.opened') trackOf.set(e.data.caseId, e.data.track);
    const byTrack = new Map<string, { notes: number; flags: number }>();
    for (const i of run.items) {
      if (i.event.type !== 'caseload.note.submitted' || drifting.has(i.event.data.workerId)) continue;
      const t = trackOf.get(i.event.data.caseId)!;
      const s = byTrack.get(t) ?? { notes: 0, flags: 0 };
      s.notes++;
      s.flags += i.note!.currentCodes.length;
      byTrack.set(t, s);
    }
    let checked = 0;
    for (const [track, s] of byTrack) {
      if (s.notes < 150) continue;
      const expected = run.sim.dict.riskCodes.reduce((sum, c) => sum + (c.baseRates[track] ?? 0), 0);
      expect(s.flags / s.notes, track).toBeGreaterThan(expected * 0.75);
      expect(s.flags / s.notes, track).toBeLessThan(expected * 1.3);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('roster volumes', () => {
  it('gives workers on intensive tracks fewer cases', () => {
    const sim = new Simulation({ scale: 'unit', units: 10, seed: 9, startMs: START, days: 1 });
    const intensive = new Set(sim.dict.tracks.filter((t) => t.intensive).map((t) => t.id));
    const overloaded = new Set(sim.injection.overloaded);
    const workers = sim.sites
      .flatMap((s) => s.units.flatMap((u) => u.workers))
      .filter((w) => !overloaded.has(w.workerId));
    const heavy = workers.filter((w) => intensive.has(w.tracks[0]!)).map((w) => w.cases.length);
    const light = workers.filter((w) => !intensive.has(w.tracks[0]!)).map((w) => w.cases.length);
    expect(heavy.length).toBeGreaterThan(5);
    expect(light.length).toBeGreaterThan(5);
    expect(mean(heavy)).toBeLessThan(mean(light));
    expect(Math.max(...heavy)).toBeLessThanOrEqual(CASES_PER_WORKER.intensive.max);
    expect(Math.min(...light)).toBeGreaterThanOrEqual(CASES_PER_WORKER.standard.min);
    expect(localDayIndexAt(sim.timezone, sim.startMs)).toBe(sim.startDay);
  });
});
