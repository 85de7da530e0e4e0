import { routesOf, type CaseloadEvent } from '@caseload/shared';
import { Simulation } from '@caseload/shared/sim';

const DAY_MS = 86_400_000;

/** What the processor must end with, computed from the events alone (never from the processor). */
export interface Expected {
  /** Per worker: distinct noteIds in the window, retracted ones left out. */
  notes: Map<string, number>;
  /** Per worker: distinct contactIds in the window that reached or tried to reach the client. */
  contacts: Map<string, number>;
  /** Each worker's unit (from the roster). */
  unitOf: Map<string, string>;
  /** Every distinct noteId (each must have a record, retracted or not). */
  noteIds: string[];
}

export interface Workload {
  events: CaseloadEvent[];
  expected: Expected;
  /** JetStream messages the events make (roster events go to every partition). */
  messages: number;
  /** Messages made by events[0..i] inclusive. */
  cumulative: number[];
  unitIds: string[];
}

/**
 * Counts per worker as the contract defines them: a repeated noteId or contactId counts once, a
 * retracted note stops counting (a retraction of a note not seen yet changes nothing), cancelled
 * contacts are not contacts made, and only events of the last `windowDays` local days (UTC here)
 * before the newest event time count. Events are taken in the order they are sent.
 */
export function expectedCounts(events: CaseloadEvent[], windowDays: number): Expected {
  const unitOf = new Map<string, string>();
  const notes = new Map<string, { workerId: string; unitId: string; t: number; retracted: boolean }>();
  const contacts = new Map<string, { workerId: string; unitId: string; t: number; made: boolean }>();
  let nowMs = 0;
  for (const e of events) {
    const t = Date.parse(e.time);
    if (t > nowMs) nowMs = t;
    switch (e.type) {
      case 'caseload.worker.upserted':
        if (e.data.active === false) unitOf.delete(e.data.workerId);
        else unitOf.set(e.data.workerId, e.data.unitId);
        break;
      case 'caseload.contact.logged':
        if (!contacts.has(e.data.contactId))
          contacts.set(e.data.contactId, {
            workerId: e.data.workerId,
            unitId: e.data.unitId,
            t,
            made: e.data.outcome !== 'cancelled',
          });
        break;
      case 'caseload.note.submitted':
      case 'caseload.note.amended':
        // An amendment of a note never seen counts as the note itself.
        if (!notes.has(e.data.noteId))
          notes.set(e.data.noteId, { workerId: e.data.workerId, unitId: e.data.unitId, t, retracted: false });
        break;
      case 'caseload.note.retracted': {
        const n = notes.get(e.data.noteId);
        if (n) n.retracted = true;
        break;
      }
    }
  }
  const today = Math.floor(nowMs / DAY_MS);
  const inWindow = (t: number) => Math.floor(t / DAY_MS) > today - windowDays;
  const perWorker = (entries: Iterable<{ workerId: string; unitId: string; t: number }>, counts: boolean[]) => {
    const out = new Map<string, number>();
    for (const w of unitOf.keys()) out.set(w, 0);
    let i = 0;
    for (const x of entries) {
      // A worker's figures are those of the events written in its own unit.
      if (counts[i++] && inWindow(x.t) && unitOf.get(x.workerId) === x.unitId)
        out.set(x.workerId, (out.get(x.workerId) ?? 0) + 1);
    }
    return out;
  };
  const noteList = [...notes.values()];
  const contactList = [...contacts.values()];
  return {
    notes: perWorker(
      noteList,
      noteList.map((n) => !n.retracted),
    ),
    contacts: perWorker(
      contactList,
      contactList.map((c) => c.made),
    ),
    unitOf,
    noteIds: [...notes.keys()],
  };
}

/**
 * A deterministic slice of the county simulator: `units` units of 10 workers over `days` days that
 * end before today (UTC, so the window is plain days), all inside the processor's 7-day window.
 */
export function simSlice(opts: { units: number; days: number; seed: number; partitions: number }): Workload {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const sim = new Simulation({
    scale: 'county',
    units: opts.units,
    days: opts.days,
    seed: opts.seed,
    startMs: today - (opts.days + 1) * DAY_MS,
    timezone: 'UTC',
  });
  // Send order (offline notes arrive late with their real time), as the simulator's sender does.
  const items = [...sim].sort((a, b) => a.sendAtMs - b.sendAtMs);
  const events = items.map((i) => i.event);
  const unitIds = [...new Set(events.filter((e) => e.type === 'caseload.unit.upserted').map((e) => e.data.unitId))];
  const cumulative: number[] = [];
  let total = 0;
  for (const e of events) cumulative.push((total += routesOf(e, opts.partitions).length));
  return {
    events,
    expected: expectedCounts(events, sim.dict.windows.shortDays),
    messages: total,
    cumulative,
    unitIds,
  };
}

/** The index just past the first events that make at least `messages` messages (pure). */
export function splitAtMessages(w: Pick<Workload, 'cumulative'>, messages: number): number {
  const i = w.cumulative.findIndex((c) => c >= messages);
  return i < 0 ? w.cumulative.length : i + 1;
}
