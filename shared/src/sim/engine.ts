/**
 * The simulation engine: a lazy, deterministic stream of CaseloadEvents. It emits the roster
 * (sites, units, workers), then the opening caseloads, then the day-by-day flow of contacts,
 * notes, supervision, absences, transfers, intake and closures. Each day is generated into a
 * queue ordered by send time and drained before the next day is generated, so only about a day of
 * events is ever held in memory. An event's `time` is when it happened; its send time is the same
 * except for notes and contacts kept on an offline device, which are sent in a burst at the next
 * sync with their real time.
 */
import type { CaseloadEvent, EventType } from '../schemas/events.ts';
import { loadDictionary, type LoadedDictionary } from '../dictionary/index.ts';
import { DAY, HOUR, addBusinessDays, localDay, localDayIndexAt, type LocalDay } from './calendar.ts';
import { MinHeap, type Queued } from './heap.ts';
import { inject, type InjectShares, type Injection } from './inject.ts';
import { clientProfile, writeNote, type Mention, type NotePlan } from './note-writer.ts';
import { NON_CURRENT } from './phrases-risk.ts';
import { Rng, mixSeed, seedFrom } from './prng.ts';
import { buildWorld, newCase, worldShape, type BuildContext } from './roster.ts';
import { weightedLoad, type CaseState, type SiteState, type UnitState, type WorkerState } from './state.ts';
import { TruthTracker, type GroundTruth } from './truth.ts';
import {
  ABSENCE_BUSINESS_DAYS,
  ABSENCE_START_PER_WORKER_DAY,
  AMEND_CHANCE,
  BACKFILL_DAYS,
  CLOSE_PER_CASE_DAY,
  CONTACT_MODES,
  CONTACT_OUTCOMES,
  CRISIS_CONTACTS_PER_WORKER_DAY,
  DISTRACTOR_MENTIONS_PER_NOTE,
  EXTRA_NOTES_PER_WORKER_DAY,
  INJECT,
  MAX_CONTACTS_PER_DAY,
  NOTE_CHANCE,
  NOTE_DELAY,
  OFFLINE_VISIT_SHARE,
  POOL_SHARE,
  POOL_WAIT_BUSINESS_DAYS,
  REASSIGN_PER_CASE_DAY,
  RETRACT_CHANCE,
  RETRY_AFTER_BUSINESS_DAYS,
  SUPERVISION_DAYS,
  SUPERVISION_SLIP_CHANCE,
  TRANSFER_PER_CASE_DAY,
  type Scale,
} from './volumes.ts';

export interface SimOptions {
  seed?: number | string;
  scale?: Scale;
  /** Overrides the scale's number of units (sites follow from the scale's units per site). */
  units?: number;
  workersPerUnit?: number;
  /** Start of the simulated history (snapped back to local midnight). Default: 35 days ago. */
  startMs?: number;
  /** Stop after this many local days. Default: never (live), unless `untilMs` is given. */
  days?: number;
  /** Stop before this instant (for a back-fill up to now). */
  untilMs?: number;
  /** IANA zone of every site. Default America/Chicago. */
  timezone?: string;
  dictionary?: LoadedDictionary;
  /** Days over which injected drifts and clusters are spread. Default `days`, else 35. */
  horizonDays?: number;
  /** Overrides of how many workers and units get each injected pattern. */
  inject?: Partial<InjectShares>;
}

/** What the simulator wrote into a note (never part of the event): ground truth for readers. */
export interface NoteTruth {
  noteId: string;
  caseId: string;
  unitId: string;
  workerId: string;
  /** Codes inserted as current risk mentions. */
  currentCodes: string[];
  /** Every risk mention with its context (current or not). */
  mentions: Mention[];
}

export interface SimItem {
  event: CaseloadEvent;
  /** `event.time` in ms. */
  timeMs: number;
  /** When to send it (ms); never before `event.time`. */
  sendAtMs: number;
  note?: NoteTruth;
}

interface Pending extends Queued {
  time: number;
  type: EventType;
  siteId: string;
  data: Record<string, unknown>;
  note?: { plan: NotePlan; profileSeed: number; textKey: string };
}

/** Upper end of the draw that closes, transfers or re-assigns a case (see unitDay). */
const CHANGE_SHARE = CLOSE_PER_CASE_DAY + TRANSFER_PER_CASE_DAY + REASSIGN_PER_CASE_DAY;

const CONTACT_MINUTES: Record<string, [number, number]> = {
  home_visit: [40, 90],
  office: [30, 60],
  phone: [8, 30],
  video: [20, 45],
  collateral: [10, 25],
};

export class Simulation implements Iterable<SimItem> {
  readonly seed: number;
  readonly scale: Scale;
  readonly dict: LoadedDictionary;
  readonly timezone: string;
  readonly startMs: number;
  readonly startDay: number;
  readonly endMs: number;
  readonly sites: SiteState[];
  readonly injection: Injection;
  readonly truth: TruthTracker;
  /** Short tag of (seed, start) in every generated id, so two runs never share case or event ids. */
  readonly runTag: string;

  private readonly queue = new MinHeap<Pending>();
  private seq = 0;
  private eventNo = 0;
  private readonly counters = { case: 0, client: 0, contact: 0, note: 0 };
  private readonly units: UnitState[];
  private started = false;

  constructor(opts: SimOptions = {}) {
    this.seed = seedFrom(opts.seed ?? 1);
    this.scale = opts.scale ?? 'unit';
    this.dict = opts.dictionary ?? loadDictionary();
    this.timezone = opts.timezone ?? 'America/Chicago';
    const start = opts.startMs ?? Date.now() - BACKFILL_DAYS * DAY;
    this.startDay = localDayIndexAt(this.timezone, start);
    this.startMs = localDay(this.timezone, this.startDay).startMs;
    const dayEnd = opts.days !== undefined ? localDay(this.timezone, this.startDay + opts.days).startMs : Infinity;
    this.endMs = Math.min(dayEnd, opts.untilMs ?? Infinity);
    this.runTag = mixSeed(this.seed, this.startMs).toString(36).slice(0, 5);

    const rng = new Rng(this.seed);
    const ctx: BuildContext = {
      dict: this.dict,
      rng: rng.fork('world'),
      seed: this.seed,
      timezone: this.timezone,
      startMs: this.startMs,
      startDay: this.startDay,
      ids: { next: (k) => this.nextId(k) },
    };
    this.sites = buildWorld(worldShape(this.scale, opts.units, opts.workersPerUnit), ctx);
    this.units = this.sites.flatMap((s) => s.units);
    const horizon = opts.horizonDays ?? opts.days ?? BACKFILL_DAYS;
    this.injection = inject(this.sites, ctx, horizon, rng.fork('inject'), opts.inject);
    this.truth = new TruthTracker(this.dict, this.timezone, this.startMs);
  }

  /** How many events the roster and the opening caseloads make (they come first). */
  get openingSize(): number {
    let n = this.sites.length;
    for (const u of this.units) {
      n += 1 + u.workers.length;
      for (const w of u.workers) n += w.cases.length;
    }
    return n;
  }

  /** The ground truth of everything emitted so far, as of `asOfMs` (default: the last event time). */
  groundTruth(asOfMs?: number): GroundTruth {
    return this.truth.report(asOfMs, {
      seed: this.seed,
      scale: this.scale,
      timezone: this.timezone,
      startMs: this.startMs,
      dictionaryVersion: this.dict.version,
      injection: this.injection,
    });
  }

  *[Symbol.iterator](): Iterator<SimItem> {
    if (this.started) throw new Error('a Simulation can be iterated once; create another for a second pass');
    this.started = true;
    // Each item is counted in the ground truth once the consumer asks for the next one, so a
    // consumer that stops early (Ctrl-C while an item waits for its time) is never over-counted.
    for (const item of this.opening()) {
      yield item;
      this.truth.observe(item);
    }
    for (let day = this.startDay; ; day++) {
      const d = localDay(this.timezone, day);
      if (d.startMs >= this.endMs) break;
      this.generateDay(d);
      const limit = Math.min(d.endMs, this.endMs);
      while (this.queue.size > 0 && this.queue.peek()!.at < limit) {
        const item = this.render(this.queue.pop()!);
        yield item;
        this.truth.observe(item);
      }
    }
  }

  // ── the roster and opening caseloads ────────────────────────────────────────────────────────

  private *opening(): Generator<SimItem> {
    const t = this.startMs;
    const item = (type: EventType, siteId: string, data: Record<string, unknown>) =>
      this.render({ at: t, seq: this.seq++, time: t, type, siteId, data });
    for (const s of this.sites)
      yield item('caseload.site.upserted', s.siteId, { siteId: s.siteId, name: s.name, timezone: s.timezone });
    for (const u of this.units) {
      yield item('caseload.unit.upserted', u.siteId, {
        unitId: u.unitId,
        siteId: u.siteId,
        name: u.name,
        supervisorId: u.supervisorId,
        wallShowsNames: u.wallShowsNames,
      });
    }
    for (const u of this.units) {
      for (const w of u.workers) {
        yield item('caseload.worker.upserted', u.siteId, {
          workerId: w.workerId,
          unitId: w.unitId,
          name: w.name,
          displayName: w.name.split(' ')[0],
          capacity: w.capacity,
          tracks: w.tracks,
          active: true,
        });
      }
    }
    for (const u of this.units)
      for (const w of u.workers) for (const c of w.cases) yield item('caseload.case.opened', u.siteId, openedData(c));
  }

  // ── one day ─────────────────────────────────────────────────────────────────────────────────

  private generateDay(d: LocalDay): void {
    if (!d.isBusinessDay) return;
    for (const u of this.units) this.unitDay(u, d);
    for (const u of this.units) for (const w of u.workers) this.workerDay(w, d);
  }

  private officeTime(rng: Rng, d: LocalDay, from = 8.5, to = 16.75): number {
    return d.startMs + rng.uniform(from, to) * HOUR;
  }

  /** Supervisors move cases first thing in the morning, before the day's contacts. */
  private morningTime(rng: Rng, d: LocalDay): number {
    return d.startMs + rng.uniform(7.5, 8.5) * HOUR;
  }

  private unitDay(u: UnitState, d: LocalDay): void {
    const rng = u.rng;
    const canTransfer = this.units.length > 1;
    const canReassign = u.workers.length > 1;
    // Closures, transfers and re-assignments, case by case: one draw decides which (if any).
    for (const w of u.workers) {
      for (const c of w.cases.slice()) {
        // One change of hands per case per day, so the day's events never contradict each other.
        if (c.touchedDay === d.index) continue;
        c.touchedDay = d.index;
        const r = rng.next();
        if (r < CLOSE_PER_CASE_DAY) {
          this.push('caseload.case.closed', u.siteId, this.officeTime(rng, d), {
            caseId: c.caseId,
            unitId: u.unitId,
            reason: rng.pick([
              'goals met',
              'client moved out of county',
              'client declined services',
              'case plan completed',
              'transferred to community provider',
            ]),
          });
          c.open = false;
          remove(w.cases, c);
        } else if (canTransfer && r < CLOSE_PER_CASE_DAY + TRANSFER_PER_CASE_DAY) {
          const siblings = u.site.units.filter((x) => x !== u);
          const target = rng.pick(siblings.length ? siblings : this.units.filter((x) => x !== u));
          const to = leastLoaded(target, d.index);
          this.push('caseload.case.assigned', target.siteId, this.morningTime(rng, d), {
            caseId: c.caseId,
            unitId: target.unitId,
            workerId: to.workerId,
            fromUnitId: u.unitId,
            reason: rng.pick(['client moved', 'specialist unit', 'conflict of interest', 'rebalancing between units']),
          });
          remove(w.cases, c);
          c.unitId = target.unitId;
          c.workerId = to.workerId;
          to.cases.push(c);
        } else if (canReassign && r >= CHANGE_SHARE - REASSIGN_PER_CASE_DAY && r < CHANGE_SHARE) {
          const to = leastLoaded(u, d.index, w);
          this.push('caseload.case.assigned', u.siteId, this.morningTime(rng, d), {
            caseId: c.caseId,
            unitId: u.unitId,
            workerId: to.workerId,
            reason: 'reassigned within the unit',
          });
          remove(w.cases, c);
          c.workerId = to.workerId;
          to.cases.push(c);
        }
      }
    }
    // Intake keeps caseloads steady: new cases in about the number closed.
    let open = 0;
    for (const w of u.workers) open += w.cases.length;
    const expected = open * CLOSE_PER_CASE_DAY;
    const n = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const t = this.officeTime(rng, d);
      const c = newCase(u, this.buildCtx(), t, false);
      c.unitId = u.unitId;
      if (rng.chance(POOL_SHARE)) {
        let day = d.index;
        for (let k = rng.between(POOL_WAIT_BUSINESS_DAYS.min, POOL_WAIT_BUSINESS_DAYS.max); k > 0;) {
          day++;
          if (localDay(this.timezone, day).isBusinessDay) k--;
        }
        u.pool.push({ c, assignDay: day, openedMs: t });
        this.push('caseload.case.opened', u.siteId, t, openedData(c));
      } else {
        const to = leastLoaded(u, d.index);
        c.workerId = to.workerId;
        to.cases.push(c);
        this.push('caseload.case.opened', u.siteId, t, openedData(c));
      }
    }
    // The supervisor assigns pooled cases when their turn comes.
    for (const p of u.pool.slice()) {
      if (p.assignDay > d.index) continue;
      const t = Math.max(this.morningTime(rng, d), p.openedMs + rng.uniform(0.2, 1) * HOUR);
      const to = leastLoaded(u, d.index);
      p.c.workerId = to.workerId;
      p.c.nextDueMs = t + rng.uniform(1, 3) * DAY;
      to.cases.push(p.c);
      remove(u.pool, p);
      this.push('caseload.case.assigned', u.siteId, t, {
        caseId: p.c.caseId,
        unitId: u.unitId,
        workerId: to.workerId,
        reason: 'assigned from the pool',
      });
    }
  }

  private workerDay(w: WorkerState, d: LocalDay): void {
    const rng = w.rng;
    const site = w.unit.siteId;
    if (d.index < w.absentUntilDay) return;
    const clustersDue = w.clusters.filter((c) => c.day <= d.index);
    if (clustersDue.length === 0 && rng.chance(ABSENCE_START_PER_WORKER_DAY)) {
      let last = d.index;
      for (let k = rng.between(ABSENCE_BUSINESS_DAYS.min, ABSENCE_BUSINESS_DAYS.max) - 1; k > 0;) {
        last++;
        if (localDay(this.timezone, last).isBusinessDay) k--;
      }
      w.absentUntilDay = last + 1;
      this.push('caseload.worker.absence', site, d.startMs + rng.uniform(6.5, 8.25) * HOUR, {
        workerId: w.workerId,
        unitId: w.unitId,
        from: iso(d.startMs),
        to: iso(localDay(this.timezone, last).endMs),
        reason: rng.pick(['sick', 'sick', 'annual leave', 'family emergency', 'training']),
      });
      return;
    }

    if (d.index >= w.nextSupervisionDay) {
      if (!w.supervisionSlipped && rng.chance(SUPERVISION_SLIP_CHANCE)) {
        w.supervisionSlipped = true;
        w.nextSupervisionDay = d.index + rng.between(3, 8);
      } else {
        this.push('caseload.supervision.completed', site, this.officeTime(rng, d, 9.5, 16), {
          workerId: w.workerId,
          unitId: w.unitId,
          supervisorId: w.unit.supervisorId,
          caseIds: rng.sample(w.cases, rng.between(2, 4)).map((c) => c.caseId),
        });
        w.supervisionSlipped = false;
        w.nextSupervisionDay = d.index + SUPERVISION_DAYS;
      }
    }

    this.scheduledContacts(w, d);

    if (w.cases.length > 0 && rng.chance(EXTRA_NOTES_PER_WORKER_DAY)) {
      const c = rng.pick(w.cases);
      const t = this.officeTime(rng, d, 9, 17);
      this.note(w, c, t, t, { kind: 'review' });
    }
    if (w.cases.length > 0 && rng.chance(CRISIS_CONTACTS_PER_WORKER_DAY)) {
      const c = rng.pick(w.cases);
      const start = this.officeTime(rng, d, 8.5, 16.5);
      const mode = rng.chance(0.6) ? 'phone' : 'home_visit';
      const k = this.contact(w, c, start, mode, 'completed', true);
      this.note(w, c, k.end + rng.uniform(0.25, 2) * HOUR, k.end, {
        kind: 'contact',
        mode,
        contactStart: start,
        contactId: k.contactId,
        forced: this.crisisCode(c.track, rng),
      });
    }
    for (const cl of clustersDue) {
      this.cluster(w, d, cl.code, cl.index);
      remove(w.clusters, cl);
    }
  }

  /** The worker's due contacts for the day, their outcomes and their notes. */
  private scheduledContacts(w: WorkerState, d: LocalDay): void {
    const rng = w.rng;
    let due = w.cases.filter((c) => c.nextDueMs < d.endMs).sort((a, b) => a.nextDueMs - b.nextDueMs);
    const drop = w.contactDrop;
    if (drop && d.index >= drop.fromDay) {
      // The injected drop: a share of due contacts simply do not happen this cycle.
      due = due.filter((c) => {
        if (!rng.chance(drop.share)) return true;
        c.nextDueMs += c.cadenceDays * DAY;
        return false;
      });
    }
    due = due.slice(0, MAX_CONTACTS_PER_DAY);
    const slot = 7.5 / Math.max(1, due.length);
    due.forEach((c, i) => {
      const start = d.startMs + (8.75 + i * slot + rng.uniform(0, slot * 0.5)) * HOUR;
      const mode = rng.weighted(CONTACT_MODES);
      const outcome = rng.weighted(CONTACT_OUTCOMES);
      const offline = w.offlineDevice && mode === 'home_visit' && rng.chance(OFFLINE_VISIT_SHARE);
      const syncAt = offline
        ? addBusinessDays(this.timezone, d.startMs, 1) + rng.uniform(7.75, 8.75) * HOUR
        : undefined;
      const { end, contactId } = this.contact(w, c, start, mode, outcome, false, syncAt);
      c.nextDueMs =
        outcome === 'completed'
          ? start + c.cadenceDays * DAY
          : addBusinessDays(
              this.timezone,
              d.startMs,
              rng.between(RETRY_AFTER_BUSINESS_DAYS.min, RETRY_AFTER_BUSINESS_DAYS.max),
            ) +
            8 * HOUR;
      if (!rng.chance(NOTE_CHANCE[outcome])) return;
      const written = offline ? end + rng.uniform(0.1, 1) * HOUR : this.noteTime(rng, end, d);
      this.note(w, c, written, end, {
        kind: outcome === 'completed' ? 'contact' : 'missed',
        mode,
        outcome,
        contactStart: start,
        contactId,
        sendAt: syncAt !== undefined ? syncAt + 1000 : undefined,
      });
    });
  }

  /** Queues a contact; returns its id and when it ended. */
  private contact(
    w: WorkerState,
    c: CaseState,
    start: number,
    mode: string,
    outcome: string,
    crisis: boolean,
    sendAt?: number,
  ): { end: number; contactId: string } {
    const rng = w.rng;
    const [lo, hi] = CONTACT_MINUTES[mode]!;
    const minutes = outcome === 'completed' ? rng.between(lo, hi) : rng.between(2, 15);
    const end = start + minutes * 60_000;
    const contactId = this.nextId('contact');
    const data: Record<string, unknown> = {
      contactId,
      caseId: c.caseId,
      unitId: w.unitId,
      workerId: w.workerId,
      mode,
      outcome,
      durationMinutes: minutes,
    };
    if (crisis) data.crisis = true;
    this.push(
      'caseload.contact.logged',
      w.unit.siteId,
      end,
      data,
      sendAt !== undefined ? Math.max(sendAt, end) : undefined,
    );
    return { end, contactId };
  }

  /** When a note about a contact that ended at `end` gets written: mostly that day, some days late. */
  private noteTime(rng: Rng, end: number, d: LocalDay): number {
    const kind = rng.weighted(NOTE_DELAY);
    const tz = this.timezone;
    if (kind === 'sameDay') return end + rng.uniform(0.25, 3.5) * HOUR;
    const days = kind === 'nextDay' ? 1 : kind === 'twoDays' ? 2 : rng.between(3, 6);
    return addBusinessDays(tz, d.startMs, days) + rng.uniform(8.5, 16.5) * HOUR;
  }

  /** Queues a note (and perhaps its later amendment or retraction). */
  private note(
    w: WorkerState,
    c: CaseState,
    written: number,
    contactEnd: number,
    o: {
      kind: NotePlan['kind'];
      mode?: string;
      outcome?: string;
      contactStart?: number;
      contactId?: string;
      forced?: string;
      sendAt?: number;
    },
  ): string {
    const rng = w.rng;
    const noteId = this.nextId('note');
    const current = this.riskCodes(w, c.track, rng, written);
    if (o.forced && !current.includes(o.forced)) current.push(o.forced);
    const plan: NotePlan = {
      kind: o.kind,
      track: c.track,
      mode: o.mode,
      outcome: o.outcome,
      current,
      distractors: this.distractors(c.track, rng),
    };
    const time = Math.max(written, contactEnd);
    const data: Record<string, unknown> = { noteId, caseId: c.caseId, unitId: w.unitId, workerId: w.workerId };
    if (o.contactId) data.contactId = o.contactId;
    if (o.contactStart !== undefined) data.contactTime = iso(o.contactStart);
    const site = w.unit.siteId;
    const sentAt = this.push('caseload.note.submitted', site, time, data, o.sendAt, {
      plan,
      profileSeed: c.profileSeed,
      textKey: noteId,
    });

    const ref = { noteId, caseId: c.caseId, unitId: w.unitId, workerId: w.workerId };
    if (rng.chance(RETRACT_CHANCE)) {
      const t = time + rng.uniform(2, 72) * HOUR;
      this.push(
        'caseload.note.retracted',
        site,
        t,
        { ...ref, reason: 'entered on the wrong case' },
        Math.max(t, sentAt + 1000),
      );
    } else if (rng.chance(AMEND_CHANCE)) {
      const t = time + rng.uniform(1, 30) * HOUR;
      const amended = current.slice();
      if (amended.length > 0 && rng.chance(0.3)) amended.splice(rng.int(amended.length), 1);
      else if (rng.chance(0.3)) {
        const extra = this.riskCodes(w, c.track, rng, t, 3).find((x) => !amended.includes(x));
        if (extra) amended.push(extra);
      }
      this.push(
        'caseload.note.amended',
        site,
        t,
        {
          ...ref,
          reason: rng.pick([
            'added detail from the follow-up call',
            'corrected the date of the visit',
            'spelling corrections',
            'added collateral information',
          ]),
        },
        Math.max(t, sentAt + 1000),
        { plan: { ...plan, current: amended }, profileSeed: c.profileSeed, textKey: `${noteId}/amended` },
      );
    }
    return noteId;
  }

  /** Current risk codes for a note: each at its base rate on the case's track, times any injected drift. */
  private riskCodes(w: WorkerState, track: string, rng: Rng, at: number, boost = 1): string[] {
    const drift = w.riskDrift;
    const m = (drift && at >= localDay(this.timezone, drift.fromDay).startMs ? drift.multiplier : 1) * boost;
    const out: string[] = [];
    for (const code of this.dict.riskCodes) {
      if (rng.chance((code.baseRates[track] ?? 0) * m)) out.push(code.id);
    }
    return out;
  }

  private distractors(track: string, rng: Rng): NotePlan['distractors'] {
    const out: { code: string; context: (typeof NON_CURRENT)[number] }[] = [];
    let p = DISTRACTOR_MENTIONS_PER_NOTE;
    while (rng.chance(p) && out.length < 3) {
      out.push({ code: rng.weighted(this.codeWeights(track, false)), context: rng.pick(NON_CURRENT) });
      p *= 0.35;
    }
    return out;
  }

  private crisisCode(track: string, rng: Rng): string {
    return rng.weighted(this.codeWeights(track, true));
  }

  private readonly weightCache = new Map<string, Record<string, number>>();

  /** Risk codes weighted by their base rate on a track (a floor keeps rare codes possible). */
  private codeWeights(track: string, alertingOnly: boolean): Record<string, number> {
    const key = `${track}|${alertingOnly}`;
    let w = this.weightCache.get(key);
    if (!w) {
      w = {};
      for (const c of this.dict.riskCodes) {
        if (!alertingOnly || c.alerting) w[c.id] = (c.baseRates[track] ?? 0) + (alertingOnly ? 0.01 : 0.02);
      }
      this.weightCache.set(key, w);
    }
    return w;
  }

  /** An injected risk-signal cluster: several of one worker's cases flagged with one code within two working days. */
  private cluster(w: WorkerState, d: LocalDay, code: string, index: number): void {
    const rng = w.rng;
    const cases = rng.sample(w.cases, rng.between(INJECT.clusterCases.min, INJECT.clusterCases.max));
    const next = localDay(
      this.timezone,
      localDayIndexAt(this.timezone, addBusinessDays(this.timezone, d.startMs + 12 * HOUR, 1)),
    );
    const out = this.injection.clusters[index]!;
    out.caseIds = [];
    out.noteIds = [];
    const times: number[] = [];
    for (const c of cases) {
      const day = rng.chance(0.5) ? d : next;
      const start = this.officeTime(rng, day, 9, 15.5);
      const mode = rng.chance(0.5) ? 'phone' : 'home_visit';
      const k = this.contact(w, c, start, mode, 'completed', false);
      const written = k.end + rng.uniform(0.25, 1.5) * HOUR;
      out.noteIds.push(
        this.note(w, c, written, k.end, {
          kind: 'contact',
          mode,
          contactStart: start,
          contactId: k.contactId,
          forced: code,
        }),
      );
      out.caseIds.push(c.caseId);
      times.push(written);
    }
    out.from = iso(Math.min(...times));
    out.to = iso(Math.max(...times));
  }

  // ── queue and rendering ─────────────────────────────────────────────────────────────────────

  private buildCtx(): Pick<BuildContext, 'dict' | 'ids' | 'seed'> {
    return { dict: this.dict, seed: this.seed, ids: { next: (k) => this.nextId(k) } };
  }

  private nextId(kind: 'case' | 'client' | 'contact' | 'note'): string {
    const n = ++this.counters[kind];
    const prefix = kind === 'case' ? 'c' : kind === 'client' ? 'cl' : kind === 'contact' ? 'k' : 'n';
    return `${prefix}-${this.runTag}-${n.toString(36)}`;
  }

  /** Queues an event; returns its send time. Times are whole seconds, as case systems record them. */
  private push(
    type: EventType,
    siteId: string,
    timeMs: number,
    data: Record<string, unknown>,
    sendAtMs?: number,
    note?: Pending['note'],
  ): number {
    const time = Math.floor(timeMs / 1000) * 1000;
    const at = Math.max(time, sendAtMs !== undefined ? Math.floor(sendAtMs / 1000) * 1000 : time);
    this.queue.push({ at, seq: this.seq++, time, type, siteId, data, note });
    return at;
  }

  private render(p: Pending): SimItem {
    const data = p.data;
    let note: NoteTruth | undefined;
    if (p.note) {
      const written = writeNote(
        p.note.plan,
        clientProfile(new Rng(p.note.profileSeed)),
        new Rng(mixSeed(this.seed, p.note.textKey)),
      );
      data.text = written.text;
      note = {
        noteId: data.noteId as string,
        caseId: data.caseId as string,
        unitId: data.unitId as string,
        workerId: data.workerId as string,
        currentCodes: p.note.plan.current.slice(),
        mentions: written.mentions,
      };
    }
    const event = {
      specversion: '1.0',
      id: `e-${this.runTag}-${(++this.eventNo).toString(36)}`,
      source: `/sites/${p.siteId}/cms`,
      type: p.type,
      time: iso(p.time),
      datacontenttype: 'application/json',
      data,
    } as unknown as CaseloadEvent;
    return note ? { event, timeMs: p.time, sendAtMs: p.at, note } : { event, timeMs: p.time, sendAtMs: p.at };
  }
}

function openedData(c: CaseState): Record<string, unknown> {
  const d: Record<string, unknown> = {
    caseId: c.caseId,
    clientId: c.clientId,
    unitId: c.unitId,
    track: c.track,
    complexityFactors: c.factors,
    contactCadenceDays: c.cadenceDays,
  };
  if (c.workerId) d.workerId = c.workerId;
  return d;
}

/** The present worker with the most headroom (weighted load against capacity). */
function leastLoaded(u: UnitState, day: number, except?: WorkerState): WorkerState {
  let best: WorkerState | undefined;
  let bestRatio = Infinity;
  for (const w of u.workers) {
    if (w === except || day < w.absentUntilDay) continue;
    const r = weightedLoad(w) / w.capacity - (w.specialist ? INJECT.specialistRatioBonus : 0);
    if (r < bestRatio) {
      best = w;
      bestRatio = r;
    }
  }
  return best ?? u.workers.find((w) => w !== except) ?? u.workers[0]!;
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** RFC 3339 in UTC; whole seconds print without a fraction. */
function iso(ms: number): string {
  const s = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${s.slice(0, 19)}Z` : s;
}
