/**
 * Keeps the ground truth of a run from the events actually emitted (so it matches them exactly):
 * totals by type, notes and risk flags per worker (after amendments and retractions), and, as of
 * any instant, overloaded workers and overdue contacts, notes and supervision. Injected drifts and
 * clusters come from the engine's plan.
 */
import type { LoadedDictionary } from '../dictionary/index.ts';
import type { CaseloadEvent } from '../schemas/events.ts';
import { DAY, HOUR, addBusinessDays } from './calendar.ts';
import type { SimItem } from './engine.ts';
import type { Injection, InjectedCluster, InjectedDrift } from './inject.ts';

export interface GroundTruth {
  seed: number;
  scale: string;
  timezone: string;
  start: string;
  asOf: string;
  dictionaryVersion: string;
  /** How each overdue list below is decided (plain words, for whoever compares against it). */
  rules: Record<string, string>;
  drifts: InjectedDrift[];
  clusters: InjectedCluster[];
  overloaded: { workerId: string; unitId: string; weightedLoad: number; capacity: number; injected: boolean }[];
  overdue: {
    contacts: {
      caseId: string;
      unitId: string;
      workerId: string;
      dueAt: string;
      daysOverdue: number;
      workerAbsent: boolean;
    }[];
    notes: { contactId: string; caseId: string; unitId: string; workerId: string; dueAt: string }[];
    supervision: { workerId: string; unitId: string; dueAt: string; daysOverdue: number }[];
  };
  totals: {
    events: number;
    byType: Record<string, number>;
    notes: { submitted: number; amended: number; retracted: number; lateOver48h: number; syncedLate: number };
    contacts: { byOutcome: Record<string, number>; crisis: number };
    notesPerWorker: Record<string, number>;
    contactsPerWorker: Record<string, number>;
    /** Current risk flags (note × code) per worker, after amendments, without retracted notes. */
    flagsPerWorker: Record<string, number>;
    flagsByCode: Record<string, number>;
  };
  /** Current codes of every note that has any (after amendments; retracted notes left out). */
  noteFlags?: Record<string, string[]>;
}

interface CaseTrack {
  unitId: string;
  workerId?: string;
  weight: number;
  cadenceDays: number;
  open: boolean;
  /** Last completed contact, or when the current worker took the case. */
  sinceMs: number;
}

interface NoteTrack {
  workerId: string;
  codes: string[];
  retracted: boolean;
}

const NOTE_FLAGS_LIMIT = 1_000_000;

export class TruthTracker {
  private events = 0;
  private lastTime = 0;
  private readonly byType: Record<string, number> = {};
  private readonly notes = { submitted: 0, amended: 0, retracted: 0, lateOver48h: 0, syncedLate: 0 };
  private readonly outcomes: Record<string, number> = {};
  private crisis = 0;
  private readonly notesPerWorker = new Map<string, number>();
  private readonly contactsPerWorker = new Map<string, number>();
  private readonly noteCodes = new Map<string, NoteTrack>();
  private readonly cases = new Map<string, CaseTrack>();
  private readonly awaitingNote = new Map<string, { caseId: string; unitId: string; workerId: string; atMs: number }>();
  private readonly workers = new Map<
    string,
    { unitId: string; capacity: number; lastSupervisionMs: number; absentUntilMs: number; absentFromMs: number }
  >();
  private readonly weights: Map<string, number>;

  constructor(
    private readonly dict: LoadedDictionary,
    private readonly timezone: string,
    private readonly startMs: number,
  ) {
    this.weights = new Map(dict.complexityFactors.map((f) => [f.id, f.weight]));
  }

  observe(item: SimItem): void {
    const e = item.event;
    const t = item.timeMs;
    this.events++;
    this.byType[e.type] = (this.byType[e.type] ?? 0) + 1;
    if (t > this.lastTime) this.lastTime = t;
    if (item.sendAtMs - t > HOUR) this.notes.syncedLate += e.type === 'caseload.note.submitted' ? 1 : 0;
    this.apply(e, t, item);
  }

  private apply(e: CaseloadEvent, t: number, item: SimItem): void {
    switch (e.type) {
      case 'caseload.worker.upserted':
        this.workers.set(e.data.workerId, {
          unitId: e.data.unitId,
          capacity: e.data.capacity,
          lastSupervisionMs: t,
          absentFromMs: 0,
          absentUntilMs: 0,
        });
        break;
      case 'caseload.worker.absence': {
        const w = this.workers.get(e.data.workerId);
        if (w) {
          w.absentFromMs = Date.parse(e.data.from);
          w.absentUntilMs = Date.parse(e.data.to);
        }
        break;
      }
      case 'caseload.case.opened':
        this.cases.set(e.data.caseId, {
          unitId: e.data.unitId,
          workerId: e.data.workerId,
          weight:
            this.dict.baseCaseWeight + e.data.complexityFactors.reduce((s, f) => s + (this.weights.get(f) ?? 0), 0),
          cadenceDays: e.data.contactCadenceDays ?? 7,
          open: true,
          sinceMs: t,
        });
        break;
      case 'caseload.case.assigned': {
        const c = this.cases.get(e.data.caseId);
        if (c) {
          if (!c.workerId) c.sinceMs = t;
          c.unitId = e.data.unitId;
          c.workerId = e.data.workerId;
        }
        break;
      }
      case 'caseload.case.closed': {
        const c = this.cases.get(e.data.caseId);
        if (c) c.open = false;
        break;
      }
      case 'caseload.contact.logged': {
        const d = e.data;
        this.outcomes[d.outcome] = (this.outcomes[d.outcome] ?? 0) + 1;
        if (d.crisis) this.crisis++;
        bump(this.contactsPerWorker, d.workerId);
        if (d.outcome === 'completed') {
          const c = this.cases.get(d.caseId);
          if (c && t > c.sinceMs) c.sinceMs = t;
          this.awaitingNote.set(d.contactId, { caseId: d.caseId, unitId: d.unitId, workerId: d.workerId, atMs: t });
        }
        break;
      }
      case 'caseload.note.submitted': {
        const d = e.data;
        this.notes.submitted++;
        bump(this.notesPerWorker, d.workerId);
        if (d.contactId) this.awaitingNote.delete(d.contactId);
        if (d.contactTime && t - Date.parse(d.contactTime) > 48 * HOUR) this.notes.lateOver48h++;
        const codes = item.note?.currentCodes ?? [];
        if (codes.length) this.noteCodes.set(d.noteId, { workerId: d.workerId, codes, retracted: false });
        break;
      }
      case 'caseload.note.amended': {
        this.notes.amended++;
        const codes = item.note?.currentCodes ?? [];
        const prev = this.noteCodes.get(e.data.noteId);
        if (codes.length)
          this.noteCodes.set(e.data.noteId, { workerId: e.data.workerId, codes, retracted: prev?.retracted ?? false });
        else this.noteCodes.delete(e.data.noteId);
        break;
      }
      case 'caseload.note.retracted': {
        this.notes.retracted++;
        const n = this.noteCodes.get(e.data.noteId);
        if (n) n.retracted = true;
        break;
      }
      case 'caseload.supervision.completed': {
        const w = this.workers.get(e.data.workerId);
        if (w) w.lastSupervisionMs = t;
        break;
      }
      default:
        break;
    }
  }

  report(
    asOfMs: number | undefined,
    meta: {
      seed: number;
      scale: string;
      timezone: string;
      startMs: number;
      dictionaryVersion: string;
      injection: Injection;
    },
  ): GroundTruth {
    const asOf = asOfMs ?? this.lastTime;
    const load = new Map<string, number>();
    const overdueContacts: GroundTruth['overdue']['contacts'] = [];
    for (const [caseId, c] of this.cases) {
      if (!c.open || !c.workerId) continue;
      load.set(c.workerId, (load.get(c.workerId) ?? 0) + c.weight);
      const due = c.sinceMs + c.cadenceDays * DAY;
      if (due < asOf) {
        const w = this.workers.get(c.workerId);
        overdueContacts.push({
          caseId,
          unitId: c.unitId,
          workerId: c.workerId,
          dueAt: iso(due),
          daysOverdue: round2((asOf - due) / DAY),
          workerAbsent: !!w && w.absentFromMs <= asOf && asOf < w.absentUntilMs,
        });
      }
    }
    const overdueNotes: GroundTruth['overdue']['notes'] = [];
    for (const [contactId, k] of this.awaitingNote) {
      const due = addBusinessDays(this.timezone, k.atMs, this.dict.overdue.noteDueBusinessDays);
      if (due < asOf)
        overdueNotes.push({ contactId, caseId: k.caseId, unitId: k.unitId, workerId: k.workerId, dueAt: iso(due) });
    }
    const overdueSupervision: GroundTruth['overdue']['supervision'] = [];
    const overloaded: GroundTruth['overloaded'] = [];
    const injected = new Set(meta.injection.overloaded);
    for (const [workerId, w] of this.workers) {
      const due = w.lastSupervisionMs + this.dict.overdue.supervisionDays * DAY;
      if (due < asOf)
        overdueSupervision.push({
          workerId,
          unitId: w.unitId,
          dueAt: iso(due),
          daysOverdue: round2((asOf - due) / DAY),
        });
      const l = load.get(workerId) ?? 0;
      if (l > w.capacity)
        overloaded.push({
          workerId,
          unitId: w.unitId,
          weightedLoad: round2(l),
          capacity: w.capacity,
          injected: injected.has(workerId),
        });
    }
    const flagsPerWorker: Record<string, number> = {};
    const flagsByCode: Record<string, number> = {};
    const noteFlags: Record<string, string[]> = {};
    for (const w of this.workers.keys()) flagsPerWorker[w] = 0;
    for (const [noteId, n] of this.noteCodes) {
      if (n.retracted) continue;
      flagsPerWorker[n.workerId] = (flagsPerWorker[n.workerId] ?? 0) + n.codes.length;
      for (const c of n.codes) flagsByCode[c] = (flagsByCode[c] ?? 0) + 1;
      noteFlags[noteId] = n.codes;
    }
    return {
      seed: meta.seed,
      scale: meta.scale,
      timezone: meta.timezone,
      start: iso(meta.startMs),
      asOf: iso(asOf),
      dictionaryVersion: meta.dictionaryVersion,
      rules: {
        overdueContact:
          'an open, assigned case whose last completed contact (or, before any, the time its worker took it) is more than contactCadenceDays ago; clocks are not paused for absences here, workerAbsent says who is away',
        overdueNote: `a completed contact with no note naming its contactId within ${this.dict.overdue.noteDueBusinessDays} business days (site time zone)`,
        overdueSupervision: `a worker with no supervision.completed for more than ${this.dict.overdue.supervisionDays} days (the roster time counts as the last one)`,
        overloaded:
          'weighted load (dictionary base weight plus complexity factor weights over open assigned cases) above capacity',
        flags:
          'current risk mentions the simulator inserted, one per (note, code), after amendments, retracted notes excluded',
      },
      drifts: meta.injection.drifts,
      clusters: meta.injection.clusters.filter((c) => c.noteIds !== undefined),
      overloaded,
      overdue: { contacts: overdueContacts, notes: overdueNotes, supervision: overdueSupervision },
      totals: {
        events: this.events,
        byType: { ...this.byType },
        notes: { ...this.notes },
        contacts: { byOutcome: { ...this.outcomes }, crisis: this.crisis },
        notesPerWorker: Object.fromEntries(this.notesPerWorker),
        contactsPerWorker: Object.fromEntries(this.contactsPerWorker),
        flagsPerWorker,
        flagsByCode,
      },
      ...(this.noteCodes.size <= NOTE_FLAGS_LIMIT ? { noteFlags } : {}),
    };
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** RFC 3339 in UTC; whole seconds print without a fraction. */
function iso(ms: number): string {
  const s = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${s.slice(0, 19)}Z` : s;
}
