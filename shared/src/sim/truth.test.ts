import { describe, expect, it } from 'vitest';
import type { CaseloadEvent } from '../schemas/events.ts';
import { simulateUnit } from './index.ts';

const START = Date.UTC(2026, 4, 4, 12);
// Ten units of twelve workers: two workers for each injected drift.
const run = simulateUnit({ seed: 21, startMs: START, units: 10, days: 35 });
const gt = run.groundTruth;
const items = run.items;
const DAY = 86_400_000;

type Of<T extends CaseloadEvent['type']> = Extract<CaseloadEvent, { type: T }>;
const ofType = <T extends CaseloadEvent['type']>(t: T) => run.events.filter((e): e is Of<T> => e.type === t);

describe('ground truth: injected drifts', () => {
  it('injects +18% and +50% risk-rate drifts and −30% contact drops, each from a day inside the run', () => {
    const kinds = gt.drifts.map((d) => `${d.dimension}:${d.change}`);
    expect(kinds.filter((k) => k === 'risk_rate:0.18')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'risk_rate:0.5')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'contacts_per_case_week:-0.3')).toHaveLength(2);
    for (const d of gt.drifts) {
      const from = Date.parse(d.from);
      expect(from).toBeGreaterThan(run.sim.startMs + 7 * DAY);
      expect(from).toBeLessThan(run.sim.endMs - 7 * DAY);
    }
  });

  /** Current flags per note before and after each drift's onset, pooled over the drifts given. */
  function flagRatio(items: typeof run.items, workers: { workerId: string; from: string }[]): number {
    const pre = { notes: 0, flags: 0 };
    const post = { notes: 0, flags: 0 };
    for (const w of workers) {
      const from = Date.parse(w.from);
      for (const i of items) {
        if (i.event.type !== 'caseload.note.submitted' || i.event.data.workerId !== w.workerId) continue;
        const side = i.timeMs >= from ? post : pre;
        side.notes++;
        side.flags += i.note!.currentCodes.length;
      }
    }
    return post.flags / post.notes / (pre.flags / pre.notes);
  }

  it('raises the generated risk-flag rate of the +50% workers from the onset, and not of the others', () => {
    const big = gt.drifts.filter((d) => d.change === 0.5);
    expect(flagRatio(items, big)).toBeGreaterThan(1.25);
    const drifting = new Set(gt.drifts.map((d) => d.workerId));
    const others = Object.keys(gt.totals.notesPerWorker)
      .filter((w) => !drifting.has(w))
      .map((workerId) => ({ workerId, from: big[0]!.from }));
    const control = flagRatio(items, others);
    expect(control).toBeGreaterThan(0.85);
    expect(control).toBeLessThan(1.15);
  });

  it('raises it by about 18% for the +18% workers (many of them, so the rise stands out of the noise)', () => {
    const heavy = simulateUnit({ seed: 22, startMs: START, units: 8, days: 35, inject: { riskDrift18Share: 0.5 } });
    const small = heavy.groundTruth.drifts.filter((d) => d.change === 0.18);
    expect(small.length).toBe(48);
    const drifting = new Set(heavy.groundTruth.drifts.map((d) => d.workerId));
    // Against the other workers over the same days, with each drift's own onset.
    const others = Object.keys(heavy.groundTruth.totals.notesPerWorker).filter((w) => !drifting.has(w));
    const control = small.map((d, i) => ({ workerId: others[i % others.length]!, from: d.from }));
    const rise = flagRatio(heavy.items, small) / flagRatio(heavy.items, control);
    expect(rise).toBeGreaterThan(1.08);
    expect(rise).toBeLessThan(1.35);
  });

  it('drops the contact frequency of the workers given a −30% drift', () => {
    const perDay = (workerId: string, from: number) => {
      const c = ofType('caseload.contact.logged').filter((e) => e.data.workerId === workerId && !e.data.crisis);
      const pre = c.filter((e) => Date.parse(e.time) < from).length / ((from - run.sim.startMs) / DAY);
      const post = c.filter((e) => Date.parse(e.time) >= from).length / ((run.sim.endMs - from) / DAY);
      return post / pre;
    };
    const drops = gt.drifts.filter((d) => d.dimension === 'contacts_per_case_week');
    const ratios = drops.map((d) => perDay(d.workerId, Date.parse(d.from)));
    expect(ratios.reduce((a, b) => a + b, 0) / ratios.length).toBeLessThan(0.85);
    const from = Date.parse(drops[0]!.from);
    const drifting = new Set(gt.drifts.map((d) => d.workerId));
    const control = Object.keys(gt.totals.contactsPerWorker)
      .filter((w) => !drifting.has(w) && !gt.overloaded.some((o) => o.workerId === w))
      .map((w) => perDay(w, from));
    const avg = control.reduce((a, b) => a + b, 0) / control.length;
    expect(avg).toBeGreaterThan(0.85);
    expect(avg).toBeLessThan(1.2);
  });
});

describe('ground truth: clusters, overload, overdue, totals', () => {
  it('places risk-signal clusters: several cases of one worker flagged with one code within 72 hours', () => {
    expect(gt.clusters.length).toBeGreaterThanOrEqual(3);
    const byNote = new Map(items.filter((i) => i.note).map((i) => [i.note!.noteId, i]));
    for (const c of gt.clusters) {
      expect(new Set(c.caseIds).size).toBeGreaterThanOrEqual(3);
      expect(Date.parse(c.to!) - Date.parse(c.from!)).toBeLessThanOrEqual(72 * 3600_000);
      for (const id of c.noteIds!) {
        const n = byNote.get(id);
        if (!n) continue; // a cluster at the very end may fall after the horizon
        expect(n.note!.currentCodes).toContain(c.code);
        expect(n.note!.workerId).toBe(c.workerId);
      }
    }
  });

  it('lists overloaded workers with their exact weighted load, including every injected one', () => {
    const weights = new Map(run.sim.dict.complexityFactors.map((f) => [f.id, f.weight]));
    const load = new Map<string, number>();
    const cases = new Map<string, { w?: string; weight: number }>();
    for (const e of run.events) {
      if (e.type === 'caseload.case.opened') {
        cases.set(e.data.caseId, {
          w: e.data.workerId,
          weight: run.sim.dict.baseCaseWeight + e.data.complexityFactors.reduce((s, f) => s + weights.get(f)!, 0),
        });
      } else if (e.type === 'caseload.case.assigned') cases.get(e.data.caseId)!.w = e.data.workerId;
      else if (e.type === 'caseload.case.closed') cases.delete(e.data.caseId);
    }
    for (const c of cases.values()) if (c.w) load.set(c.w, (load.get(c.w) ?? 0) + c.weight);
    const capacity = new Map(ofType('caseload.worker.upserted').map((e) => [e.data.workerId, e.data.capacity]));
    const expected = [...load]
      .filter(([w, l]) => l > capacity.get(w)!)
      .map(([w]) => w)
      .sort();
    expect(gt.overloaded.map((o) => o.workerId).sort()).toEqual(expected);
    for (const o of gt.overloaded) expect(o.weightedLoad).toBeCloseTo(load.get(o.workerId)!, 1);
    expect(run.sim.injection.overloaded.length).toBeGreaterThan(0);
    for (const w of run.sim.injection.overloaded) expect(gt.overloaded.map((o) => o.workerId)).toContain(w);
  });

  it('lists overdue notes: completed contacts without a note, due two business days on', () => {
    const noted = new Set(ofType('caseload.note.submitted').map((e) => e.data.contactId));
    const completed = ofType('caseload.contact.logged').filter((e) => e.data.outcome === 'completed');
    const overdue = new Set(gt.overdue.notes.map((n) => n.contactId));
    expect(overdue.size).toBeGreaterThan(0);
    for (const c of completed) {
      const age = run.sim.endMs - Date.parse(c.time);
      if (noted.has(c.data.contactId)) expect(overdue.has(c.data.contactId)).toBe(false);
      else if (age > 5 * DAY) expect(overdue.has(c.data.contactId)).toBe(true);
      else if (age < 2 * DAY) expect(overdue.has(c.data.contactId)).toBe(false);
    }
    expect(gt.overdue.contacts.every((c) => Date.parse(c.dueAt) < run.sim.endMs)).toBe(true);
    expect(gt.overdue.contacts.filter((c) => gt.drifts.some((d) => d.workerId === c.workerId)).length).toBeGreaterThan(
      0,
    );
  });

  it('totals match the emitted events exactly', () => {
    const byType: Record<string, number> = {};
    for (const e of run.events) byType[e.type] = (byType[e.type] ?? 0) + 1;
    expect(gt.totals.byType).toEqual(byType);
    expect(gt.totals.events).toBe(run.events.length);
    // Flags per worker: each note's latest codes, retracted notes left out.
    const latest = new Map<string, { w: string; codes: string[] }>();
    const retracted = new Set<string>();
    for (const i of items) {
      if (i.note) latest.set(i.note.noteId, { w: i.note.workerId, codes: i.note.currentCodes });
      if (i.event.type === 'caseload.note.retracted') retracted.add(i.event.data.noteId);
    }
    const flags: Record<string, number> = {};
    for (const w of Object.keys(gt.totals.flagsPerWorker)) flags[w] = 0;
    for (const [id, n] of latest) if (!retracted.has(id)) flags[n.w] = (flags[n.w] ?? 0) + n.codes.length;
    expect(gt.totals.flagsPerWorker).toEqual(flags);
    expect(Object.keys(gt.noteFlags!).length).toBe(
      [...latest].filter(([id, n]) => !retracted.has(id) && n.codes.length > 0).length,
    );
  });
});
