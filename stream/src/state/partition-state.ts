import { partitionOf, type LoadedDictionary, type StoredEvent } from '@caseload/shared';
import type { NoteFinding } from '../notes/read-note-findings.ts';
import { dayNumber } from '../windows/day.ts';
import { caseWeight, stratumOf } from '../analytics/load.ts';
import { CELL_SLOTS, CellLayout, CellStore } from './cell-store.ts';
import { GroupIndex, type UnitIndex } from './unit-index.ts';
import {
  OUTCOMES,
  type CaseRec,
  type Cell,
  type ContactRec,
  type EvidenceTuple,
  type Meta,
  type NoteRec,
  type SiteRec,
  type UnitRec,
  type WorkerRec,
} from './records.ts';

const HOUR_MS = 3_600_000;
const MAX_EVIDENCE_PER_NOTE = 8;

/**
 * Everything one partition knows, built only from its events: the roster (every partition receives
 * it), the cases of its units, notes and contacts within the retention (for idempotency by noteId /
 * contactId, amendments and retractions) and per-worker daily cells. Pure and synchronous: I/O
 * lives in the partition worker. Every change marks the record's key dirty so a checkpoint writes
 * only what changed.
 */
export class PartitionState {
  readonly sites = new Map<string, SiteRec>();
  readonly units = new Map<string, UnitRec>();
  readonly workers = new Map<string, WorkerRec>();
  readonly cases = new Map<string, CaseRec>();
  readonly notes = new Map<string, NoteRec>();
  readonly contacts = new Map<string, ContactRec>();
  /** Daily counters per worker × day × stratum, compact (see cell-store.ts). */
  readonly cells: CellStore;
  meta: Meta = { maxEventMs: 0, seq: 0 };
  /** When each unit tripwire signal was first seen tripped (its `since`), by signal id. */
  readonly tripwireSince = new Map<string, number>();

  /** Keys changed since the last checkpoint. */
  readonly dirty = new Set<string>();
  /** Units whose view may have changed since the last flush. */
  readonly dirtyUnits = new Set<string>();
  /** Workers whose figures changed since the last flush. */
  readonly dirtyWorkers = new Set<string>();
  /** Worker × day cells changed since the series were last written: `${workerId}|${day}`. */
  readonly seriesDirty = new Set<string>();

  private readonly index: UnitIndex = {
    workers: new GroupIndex(),
    cases: new GroupIndex(),
    notes: new GroupIndex(),
    contacts: new GroupIndex(),
  };
  private readonly owned = new Map<string, boolean>();
  /**
   * Absences of workers not on this partition’s roster (see passOverWorker): kept until the worker
   * arrives, so a worker moving in brings its planned leave with it.
   */
  readonly pendingAbsences = new Map<string, [number, number][]>();
  /** Cases that arrived by transfer and still wait for their details (see completeCase). */
  readonly pendingCases = new Set<string>();
  /** Bumped by every change to cases or workers (see advance). */
  private rosterVersion = 0;
  private sampledAt = { version: -1, hour: -1 };

  constructor(
    readonly partition: number,
    readonly partitions: number,
    readonly dict: LoadedDictionary,
  ) {
    this.cells = new CellStore(
      new CellLayout(
        dict.riskCodes.map((c) => c.id),
        dict.themes.map((t) => t.id),
      ),
    );
  }

  /** Worker, case, note and contact ids per unit, kept current by every change. */
  unitIndex(): UnitIndex {
    return this.index;
  }

  ownsUnit(unitId: string): boolean {
    let mine = this.owned.get(unitId);
    if (mine === undefined) this.owned.set(unitId, (mine = partitionOf(unitId, this.partitions) === this.partition));
    return mine;
  }

  tzOfUnit(unitId: string): string {
    const u = this.units.get(unitId);
    return (u && this.sites.get(u.siteId)?.tz) ?? 'UTC';
  }

  /** Days of notes and contacts kept (idempotency, amendments, evidence, the windows). */
  get retainDays(): number {
    return Math.max(this.dict.windows.retainDays, this.dict.windows.longDays);
  }

  /**
   * Days of daily cells kept: as far back as any analytics read — the CUSUM's history
   * (`drift.cusumDays`, 84 by default) reaches past the events' retention. Cells are compact, so
   * this costs little; events older than `retainDays` are refused, so old days only fill as the
   * clock moves on through them.
   */
  get cellDays(): number {
    return Math.max(this.retainDays, this.dict.drift.cusumDays);
  }

  /**
   * Passes over (true) an upsert of a worker this partition has never had into a unit of another
   * partition, instead of applying it: nothing here refers to such a worker (views, analytics and
   * series read only the workers of owned units), so applying it would only copy the county's
   * roster into every partition — and parse, validate and checkpoint it there. A worker this
   * partition knows is always applied (a move out of its units). One that moves in later is applied
   * then, with the absences kept for it meanwhile (see pendingAbsences); its overdue clocks start at
   * its arrival, as the contacts and supervisions before it were counted by the other partition.
   * The event's time still moves the event clock, as applying it would.
   */
  passOverWorker(unitId: string, workerId: string, timeMs: number): boolean {
    if (!Number.isFinite(timeMs) || this.ownsUnit(unitId) || this.workers.has(workerId)) return false;
    if (timeMs > this.meta.maxEventMs) this.meta.maxEventMs = timeMs;
    this.dirty.add('m');
    return true;
  }

  /** Applies one event. `findings` are the note's reading (note events only). */
  apply(e: StoredEvent, findings: NoteFinding[] = []): void {
    const t = Date.parse(e.time);
    if (t > this.meta.maxEventMs) this.meta.maxEventMs = t;
    this.dirty.add('m');
    switch (e.type) {
      case 'caseload.site.upserted': {
        const d = e.data;
        this.put('s', d.siteId, this.sites, { name: d.name, tz: d.timezone ?? 'UTC' });
        for (const [id, u] of this.units) if (u.siteId === d.siteId && this.ownsUnit(id)) this.dirtyUnits.add(id);
        return;
      }
      case 'caseload.unit.upserted': {
        const d = e.data;
        this.put('u', d.unitId, this.units, {
          siteId: d.siteId,
          name: d.name,
          ...(d.supervisorId ? { supervisorId: d.supervisorId } : {}),
          wallShowsNames: d.wallShowsNames ?? false,
        });
        if (this.ownsUnit(d.unitId)) this.dirtyUnits.add(d.unitId);
        return;
      }
      case 'caseload.worker.upserted': {
        const d = e.data;
        const prev = this.workers.get(d.workerId);
        const rec: WorkerRec = {
          ...(prev ?? { absences: this.takePendingAbsences(d.workerId), sinceMs: t }),
          unitId: d.unitId,
          name: d.name,
          displayName: d.displayName ?? d.name.split(/\s+/)[0] ?? d.name,
          capacity: d.capacity,
          tracks: d.tracks ?? [],
          active: d.active ?? true,
        };
        this.put('w', d.workerId, this.workers, rec);
        this.index.workers.move(prev?.unitId, d.unitId, d.workerId);
        if (prev && prev.unitId !== d.unitId) this.touchUnit(prev.unitId);
        this.touchUnit(d.unitId);
        return;
      }
      case 'caseload.worker.absence': {
        const d = e.data;
        const w = this.workers.get(d.workerId);
        const span: [number, number] = [Date.parse(d.from), Date.parse(d.to)];
        if (!w) {
          // Not on this partition's roster (passed over): kept for when the worker arrives.
          if (this.ownsUnit(d.unitId)) return;
          const spans = this.pendingAbsences.get(d.workerId) ?? [];
          if (addSpan(spans, span)) {
            this.pendingAbsences.set(d.workerId, spans);
            this.dirty.add(`a:${d.workerId}`);
          }
          return;
        }
        addSpan(w.absences, span);
        this.dirty.add(`w:${d.workerId}`);
        this.touchUnit(w.unitId);
        return;
      }
      case 'caseload.case.opened': {
        const d = e.data;
        if (!this.ownsUnit(d.unitId)) return;
        const prev = this.cases.get(d.caseId);
        const complexity = caseWeight(d.complexityFactors, this.dict);
        const track = this.dict.tracks.find((x) => x.id === d.track);
        this.put('c', d.caseId, this.cases, {
          clientId: d.clientId,
          unitId: d.unitId,
          track: d.track,
          factors: d.complexityFactors,
          complexity,
          workerId: d.workerId ?? prev?.workerId ?? null,
          cadenceDays: d.contactCadenceDays ?? track?.defaultCadenceDays ?? 7,
          open: true,
          openedMs: prev?.openedMs ?? t,
          ...(prev?.lastContactMs !== undefined ? { lastContactMs: prev.lastContactMs } : {}),
        });
        this.index.cases.move(prev?.unitId, d.unitId, d.caseId);
        this.touchCaseOwners(prev, this.cases.get(d.caseId));
        return;
      }
      case 'caseload.case.assigned':
        return this.assign(e.data.caseId, e.data.unitId, e.data.workerId, e.data.fromUnitId);
      case 'caseload.case.closed': {
        const c = this.cases.get(e.data.caseId);
        if (!c || !c.open) return;
        c.open = false;
        this.dirty.add(`c:${e.data.caseId}`);
        this.touchCaseOwners(c, c);
        return;
      }
      case 'caseload.contact.logged':
        return this.contact(e.data, t);
      case 'caseload.note.submitted':
        return this.note(e.data, t, findings, e.data.contactId, e.data.contactTime);
      case 'caseload.note.amended': {
        const prev = this.notes.get(e.data.noteId);
        if (!prev) return this.note(e.data, t, findings, undefined, undefined);
        if (prev.x === 1) return;
        this.countNote(prev, -1);
        const { r, h, e: ev } = this.summarise(findings);
        prev.r = r;
        prev.h = h;
        prev.e = ev;
        this.countNote(prev, 1);
        this.dirty.add(`n:${e.data.noteId}`);
        return;
      }
      case 'caseload.note.retracted': {
        const prev = this.notes.get(e.data.noteId);
        if (!prev || prev.x === 1) return;
        this.countNote(prev, -1);
        prev.x = 1;
        this.dirty.add(`n:${e.data.noteId}`);
        return;
      }
      case 'caseload.supervision.completed': {
        const w = this.workers.get(e.data.workerId);
        if (!w) return;
        if (w.lastSupervisionMs === undefined || t > w.lastSupervisionMs) w.lastSupervisionMs = t;
        this.dirty.add(`w:${e.data.workerId}`);
        this.touchUnit(w.unitId);
        return;
      }
    }
  }

  /** A (re)assignment, possibly a transfer between units that may or may not both live here. */
  private assign(caseId: string, unitId: string, workerId: string, fromUnitId?: string): void {
    const c = this.cases.get(caseId);
    const mineTo = this.ownsUnit(unitId);
    if (!mineTo) {
      // The case left for a unit of another partition: its figures go with it.
      if (c && fromUnitId !== undefined && c.unitId === fromUnitId) {
        this.cases.delete(caseId);
        this.pendingCases.delete(caseId);
        this.index.cases.remove(c.unitId, caseId);
        this.dirty.add(`c:${caseId}`);
        this.touchCaseOwners(c, undefined);
      }
      return;
    }
    if (!c) {
      // Details (client, track, complexity) live in the other partition: fetched by the worker.
      this.put('c', caseId, this.cases, {
        clientId: '',
        unitId,
        track: 'unknown',
        factors: [],
        complexity: this.dict.baseCaseWeight,
        workerId,
        cadenceDays: 7,
        open: true,
        openedMs: this.meta.maxEventMs,
        pending: true,
      });
      this.index.cases.add(unitId, caseId);
      this.touchCaseOwners(undefined, this.cases.get(caseId));
      return;
    }
    const before = { ...c };
    this.index.cases.move(c.unitId, unitId, caseId);
    c.unitId = unitId;
    c.workerId = workerId;
    this.dirty.add(`c:${caseId}`);
    this.touchCaseOwners(before, c);
  }

  /** Fills in a transferred case's details (read from the unit it came from). */
  completeCase(
    caseId: string,
    details: Pick<CaseRec, 'clientId' | 'track' | 'factors' | 'cadenceDays' | 'openedMs'> & { lastContactMs?: number },
  ): void {
    const c = this.cases.get(caseId);
    if (!c?.pending) return;
    c.clientId = details.clientId;
    c.track = details.track;
    c.factors = details.factors;
    c.complexity = caseWeight(details.factors, this.dict);
    c.cadenceDays = details.cadenceDays;
    c.openedMs = details.openedMs;
    if (details.lastContactMs !== undefined) c.lastContactMs = details.lastContactMs;
    delete c.pending;
    this.pendingCases.delete(caseId);
    this.dirty.add(`c:${caseId}`);
    this.touchCaseOwners(c, c);
  }

  private contact(
    d: { contactId: string; caseId: string; unitId: string; workerId: string; outcome: string; crisis?: boolean },
    t: number,
  ): void {
    if (!this.ownsUnit(d.unitId) || this.contacts.has(d.contactId)) return;
    const day = dayNumber(t, this.tzOfUnit(d.unitId));
    if (day < this.oldestDay()) return;
    const c = this.cases.get(d.caseId);
    const rec: ContactRec = {
      c: d.caseId,
      w: d.workerId,
      u: d.unitId,
      t,
      d: day,
      s: this.stratumOfCase(c),
      o: Math.max(0, OUTCOMES.indexOf(d.outcome as (typeof OUTCOMES)[number])),
      cr: d.crisis ? 1 : 0,
      nd: 0,
    };
    this.contacts.set(d.contactId, rec);
    this.index.contacts.add(d.unitId, d.contactId);
    this.dirty.add(`k:${d.contactId}`);
    const row = this.cell(d.workerId, day, rec.s);
    this.cells.add(row, CELL_SLOTS.OC + rec.o, 1);
    this.cells.add(row, CELL_SLOTS.CR, rec.cr);
    const reached = rec.o <= 1;
    if (reached) {
      if (c && (c.lastContactMs === undefined || t > c.lastContactMs)) {
        c.lastContactMs = t;
        this.dirty.add(`c:${d.caseId}`);
      }
      const w = this.workers.get(d.workerId);
      if (w && (w.lastContactMs === undefined || t > w.lastContactMs)) {
        w.lastContactMs = t;
        this.dirty.add(`w:${d.workerId}`);
      }
    }
    this.touchWorker(d.workerId, d.unitId);
  }

  private note(
    d: { noteId: string; caseId: string; unitId: string; workerId: string },
    t: number,
    findings: NoteFinding[],
    contactId: string | undefined,
    contactTime: string | undefined,
  ): void {
    if (!this.ownsUnit(d.unitId) || this.notes.has(d.noteId)) return;
    const day = dayNumber(t, this.tzOfUnit(d.unitId));
    if (day < this.oldestDay()) return;
    const contact = contactId ? this.contacts.get(contactId) : undefined;
    const contactMs = contactTime ? Date.parse(contactTime) : contact?.t;
    const lateMs = this.dict.overdue.lateDocumentationHours * HOUR_MS;
    const { r, h, e: ev } = this.summarise(findings);
    const rec: NoteRec = {
      c: d.caseId,
      w: d.workerId,
      u: d.unitId,
      t,
      d: day,
      s: this.stratumOfCase(this.cases.get(d.caseId)),
      ...(contactId ? { k: contactId } : {}),
      x: 0,
      r,
      h,
      l: contactMs === undefined ? -1 : t - contactMs > lateMs ? 1 : 0,
      e: ev,
    };
    this.notes.set(d.noteId, rec);
    this.index.notes.add(d.unitId, d.noteId);
    this.dirty.add(`n:${d.noteId}`);
    if (contact && contact.nd === 0) {
      contact.nd = 1;
      this.dirty.add(`k:${contactId}`);
    }
    this.countNote(rec, 1);
  }

  /** Records which stream message holds the text of the note's current version (LLM refinement). */
  setNoteVersion(noteId: string, version: number): void {
    const n = this.notes.get(noteId);
    if (!n || n.x === 1) return;
    n.v = version;
    this.dirty.add(`n:${noteId}`);
  }

  /**
   * Replaces a note's findings with a refined reading of `version`; ignored (false) when the note
   * was amended or retracted since, or is not known here. Applying the same reading again changes nothing.
   */
  refineNote(noteId: string, version: number, findings: NoteFinding[]): boolean {
    const n = this.notes.get(noteId);
    if (!n || n.x === 1 || n.v !== version) return false;
    this.countNote(n, -1);
    const { r, h, e } = this.summarise(findings);
    n.r = r;
    n.h = h;
    n.e = e;
    this.countNote(n, 1);
    this.dirty.add(`n:${noteId}`);
    return true;
  }

  private summarise(findings: NoteFinding[]): { r: string[]; h: string[]; e: EvidenceTuple[] } {
    const r = new Set<string>();
    const h = new Set<string>();
    const e: EvidenceTuple[] = [];
    for (const f of findings) {
      if (!f.current) continue;
      if (f.kind === 'risk') {
        r.add(f.code);
        if (e.length < MAX_EVIDENCE_PER_NOTE) e.push([f.code, f.paragraph, f.start, f.end]);
      } else h.add(f.code);
    }
    return { r: [...r], h: [...h], e };
  }

  /** Adds (sign 1) or removes (sign −1) a note's contribution to its worker's day cell. */
  private countNote(n: NoteRec, sign: 1 | -1): void {
    const row = this.cell(n.w, n.d, n.s);
    const cells = this.cells;
    cells.add(row, CELL_SLOTS.N, sign);
    cells.add(row, CELL_SLOTS.R, sign * n.r.length);
    for (const code of n.r) {
      const slot = cells.layout.slotOfCode(code);
      if (slot !== undefined) cells.add(row, slot, sign);
    }
    for (const th of n.h) {
      const slot = cells.layout.slotOfTheme(th);
      if (slot !== undefined) cells.add(row, slot, sign);
    }
    if (n.l >= 0) cells.add(row, CELL_SLOTS.DL, sign);
    if (n.l === 1) cells.add(row, CELL_SLOTS.LT, sign);
    this.touchWorker(n.w, n.u);
  }

  /** The row of a worker × day × stratum cell, marked changed (checkpoint and series). */
  cell(workerId: string, day: number, stratum: string): number {
    this.dirty.add(`x:${workerId}:${day}`);
    this.seriesDirty.add(`${workerId}|${day}`);
    return this.cells.row(workerId, day, stratum);
  }

  /**
   * The row of a cell whose case sample (exposure) changes: saved by the checkpoint, but no series
   * carries it, so it is not marked for the series. (Marking it sent every worker × retained day to
   * the series writer after a roster load: millions of unchanged points.)
   */
  private sampledCell(workerId: string, day: number, stratum: string): number {
    this.dirty.add(`x:${workerId}:${day}`);
    return this.cells.row(workerId, day, stratum);
  }

  private notePending(caseId: string, c: CaseRec): void {
    if (c.pending) this.pendingCases.add(caseId);
    else this.pendingCases.delete(caseId);
  }

  stratumOfCase(c: CaseRec | undefined): string {
    return c ? stratumOf(c.track, c.complexity, this.dict.complexityBands) : 'unknown|0';
  }

  /** Records (or with undefined, forgets) when a tripwire was first seen tripped; returns it. */
  markTripwire(signalId: string, sinceMs: number): number;
  markTripwire(signalId: string, sinceMs: undefined): undefined;
  markTripwire(signalId: string, sinceMs: number | undefined): number | undefined {
    if (sinceMs === undefined) {
      if (this.tripwireSince.delete(signalId)) this.dirty.add(`t:${signalId}`);
    } else if (this.tripwireSince.get(signalId) !== sinceMs) {
      this.tripwireSince.set(signalId, sinceMs);
      this.dirty.add(`t:${signalId}`);
    }
    return sinceMs;
  }

  /** The processor's "now" on the event clock. */
  get eventNowMs(): number {
    return this.meta.maxEventMs;
  }

  oldestDay(): number {
    return dayNumber(this.meta.maxEventMs, 'UTC') - this.retainDays;
  }

  /**
   * Moves the partition's clock to `nowMs`: samples each worker's open cases per stratum into the
   * days that passed (the exposure of contacts per case-week) and drops what left the retention.
   */
  advance(nowMs: number): void {
    // Sampling walks every case and worker: redo it only when cases or workers changed, or hourly
    // (a local day may have turned). Live, most seconds change neither.
    const hour = Math.floor(nowMs / HOUR_MS);
    if (this.sampledAt.version === this.rosterVersion && this.sampledAt.hour === hour) return;
    this.sampledAt = { version: this.rosterVersion, hour };
    // Each worker's open cases as (stratum, time opened): a case counts from the day it opened.
    const open = new Map<string, { stratum: string; openedMs: number }[]>();
    for (const c of this.cases.values()) {
      if (!c.open || !c.workerId) continue;
      let list = open.get(c.workerId);
      if (!list) open.set(c.workerId, (list = []));
      list.push({ stratum: this.stratumOfCase(c), openedMs: c.openedMs });
    }
    for (const [workerId, w] of this.workers) {
      if (!this.ownsUnit(w.unitId)) continue;
      const tz = this.tzOfUnit(w.unitId);
      const today = dayNumber(nowMs, tz);
      const cases = (open.get(workerId) ?? []).map((c) => ({ stratum: c.stratum, day: dayNumber(c.openedMs, tz) }));
      // The first sampling covers the whole retained history: a back-fill on the wall clock delivers
      // weeks of contacts at once, and their exposure must cover the same days or rates explode.
      const from =
        w.sampledDay === undefined ? today - this.retainDays : Math.max(w.sampledDay + 1, today - this.retainDays);
      for (let day = from; day <= today; day++) {
        const counts = new Map<string, number>();
        for (const c of cases) if (c.day <= day) counts.set(c.stratum, (counts.get(c.stratum) ?? 0) + 1);
        for (const [s, n] of counts) {
          const row = this.cells.find(workerId, day, s);
          if (row < 0 || this.cells.value(row, CELL_SLOTS.CS) !== n)
            this.cells.set(this.sampledCell(workerId, day, s), CELL_SLOTS.CS, n);
        }
        // A stratum whose last case closed or moved today holds no open case any more.
        for (const [s, c] of this.cells.get(workerId)?.get(day) ?? []) {
          if (c.cs > 0 && !counts.has(s)) this.cells.set(this.sampledCell(workerId, day, s), CELL_SLOTS.CS, 0);
        }
      }
      // Days before today are final; today is re-sampled each time (cases open and close during it).
      if (w.sampledDay !== today - 1) {
        w.sampledDay = today - 1;
        this.dirty.add(`w:${workerId}`);
      }
    }
    const todayUtc = dayNumber(nowMs, 'UTC');
    this.prune(todayUtc - this.retainDays - 1, todayUtc - this.cellDays - 1);
  }

  private prune(beforeDay: number, cellsBeforeDay: number): void {
    for (const [id, n] of this.notes) {
      if (n.d < beforeDay) {
        this.notes.delete(id);
        this.index.notes.remove(n.u, id);
        this.dirty.add(`n:${id}`);
      }
    }
    for (const [id, k] of this.contacts) {
      if (k.d < beforeDay) {
        this.contacts.delete(id);
        this.index.contacts.remove(k.u, id);
        this.dirty.add(`k:${id}`);
      }
    }
    for (const [workerId, day] of this.cells.prune(cellsBeforeDay)) this.dirty.add(`x:${workerId}:${day}`);
  }

  private takePendingAbsences(workerId: string): [number, number][] {
    const spans = this.pendingAbsences.get(workerId);
    if (!spans) return [];
    this.pendingAbsences.delete(workerId);
    this.dirty.add(`a:${workerId}`);
    return spans;
  }

  private put<T>(prefix: string, id: string, map: Map<string, T>, rec: T): void {
    map.set(id, rec);
    if (prefix === 'w' || prefix === 'c') this.rosterVersion++;
    if (prefix === 'c') this.notePending(id, rec as CaseRec);
    this.dirty.add(`${prefix}:${id}`);
  }

  private touchUnit(unitId: string): void {
    if (this.ownsUnit(unitId)) this.dirtyUnits.add(unitId);
  }

  private touchWorker(workerId: string, unitId: string): void {
    this.dirtyWorkers.add(workerId);
    this.touchUnit(unitId);
  }

  private touchCaseOwners(before: CaseRec | undefined, after: CaseRec | undefined): void {
    this.rosterVersion++;
    for (const c of [before, after]) {
      if (!c) continue;
      this.touchUnit(c.unitId);
      if (c.workerId) this.dirtyWorkers.add(c.workerId);
    }
  }

  // ---- serialisation: one record per key ----

  /** The JSON of the record behind `key`, or undefined when it no longer exists. */
  serialise(key: string): string | undefined {
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const id = key.slice(colon + 1);
    switch (kind) {
      case 'm':
        return JSON.stringify(this.meta);
      case 's':
        return json(this.sites.get(id));
      case 'u':
        return json(this.units.get(id));
      case 'w':
        return json(this.workers.get(id));
      case 'c':
        return json(this.cases.get(id));
      case 'n':
        return json(this.notes.get(id));
      case 'k':
        return json(this.contacts.get(id));
      case 't':
        return json(this.tripwireSince.get(id));
      case 'a':
        return json(this.pendingAbsences.get(id));
      case 'x': {
        const [workerId, day] = splitLast(id);
        const byStratum = this.cells.get(workerId)?.get(Number(day));
        return byStratum ? JSON.stringify([...byStratum]) : undefined;
      }
    }
    return undefined;
  }

  /** Rebuilds the state from serialised records (a checkpoint). */
  restore(records: Iterable<[string, string]>): void {
    for (const [key, value] of records) {
      const colon = key.indexOf(':');
      const kind = colon < 0 ? key : key.slice(0, colon);
      const id = key.slice(colon + 1);
      const v: unknown = JSON.parse(value);
      switch (kind) {
        case 'm':
          this.meta = v as Meta;
          break;
        case 's':
          this.sites.set(id, v as SiteRec);
          break;
        case 'u':
          this.units.set(id, v as UnitRec);
          break;
        case 'w':
          this.workers.set(id, v as WorkerRec);
          this.index.workers.add((v as WorkerRec).unitId, id);
          break;
        case 'c':
          this.cases.set(id, v as CaseRec);
          this.notePending(id, v as CaseRec);
          this.index.cases.add((v as CaseRec).unitId, id);
          break;
        case 'n':
          this.notes.set(id, v as NoteRec);
          this.index.notes.add((v as NoteRec).u, id);
          break;
        case 'k':
          this.contacts.set(id, v as ContactRec);
          this.index.contacts.add((v as ContactRec).u, id);
          break;
        case 't':
          this.tripwireSince.set(id, v as number);
          break;
        case 'a':
          this.pendingAbsences.set(id, v as [number, number][]);
          break;
        case 'x': {
          const [workerId, day] = splitLast(id);
          for (const [stratum, cell] of v as [string, Cell][])
            this.cells.write(this.cells.row(workerId, Number(day), stratum), cell);
          break;
        }
      }
    }
    for (const [id] of this.units) if (this.ownsUnit(id)) this.dirtyUnits.add(id);
    for (const [id, w] of this.workers) if (this.ownsUnit(w.unitId)) this.dirtyWorkers.add(id);
  }
}

/** Adds an absence span unless it is already there; true when added. */
function addSpan(spans: [number, number][], span: [number, number]): boolean {
  if (spans.some(([a, b]) => a === span[0] && b === span[1])) return false;
  spans.push(span);
  return true;
}

function json(v: unknown): string | undefined {
  return v === undefined ? undefined : JSON.stringify(v);
}

function splitLast(id: string): [string, string] {
  const i = id.lastIndexOf(':');
  return [id.slice(0, i), id.slice(i + 1)];
}
