import { recommendPool } from '../analytics/pool.ts';
import { PoolRecord, redisKeys, type Signal, type SignalRecord, type UnitView } from '@caseload/shared';
import type { SeriesLabels, SeriesPoint, SeriesStore } from '../sinks/series-store.ts';
import type { RedisClient } from '../sinks/redis.ts';
import { completeTransferredCases } from '../sinks/record-sink.ts';
import type { Cell } from '../state/records.ts';
import { dayNumber, dayStartMs } from '../windows/day.ts';
import { contactsMade, windowTotals } from '../windows/windows.ts';
import { computeDriftSignals, computeUnitAnalytics, type SignalStatuses } from '../views/unit-analytics.ts';
import { summariseUnit, type UnitSummary } from '../views/rollup.ts';
import {
  buildUnitView,
  isAbsent,
  loadByWorker,
  NO_ANALYTICS,
  unitWorkers,
  type UnitAnalytics,
} from '../views/unit-view.ts';
import type { ViewPublisher } from '../views/view-publisher.ts';
import { buildWorkerDetail, recentNotesByCase } from '../views/worker-detail.ts';
import type { PartitionWorker } from './partition-worker.ts';
import type { FlushTimings } from '../health/flush-timings.ts';
import { dueUnits } from './due-units.ts';

export type RedisMulti = ReturnType<RedisClient['multi']>;

export const UNIT_SUMMARIES_KEY = 'unitsummaries';
export const SITE_INFO_KEY = 'siteinfo';
const MAX_DETAILS_PER_FLUSH = 50;
/** Worker-days of series written per flush and partition (a back-fill's history drains over many). */
const MAX_SERIES_DAYS_PER_FLUSH = 300;
/** Messages still to deliver beyond which a partition counts as catching up. */
const CATCHING_UP_BACKLOG = 2000;
const CATCHING_UP_REBUILD_MS = 3000;
/** How often a unit view no screen holds is rebuilt (for the roll-up, its records and later screens). */
const UNWATCHED_REBUILD_MS = 2000;
/** How often the detail of a worker in a unit no screen holds is rewritten. */
const UNWATCHED_DETAIL_MS = 30_000;
const REWRITE_UNCHANGED_MS = 60_000;

/** Daily metrics written as series, per worker (track `all`) and per worker × track. */
const CELL_METRICS: [string, (c: Cell) => number][] = [
  ['notes', (c) => c.n],
  ['contacts', contactsMade],
  ['risk_flags', (c) => c.r],
  ['late_docs', (c) => c.lt],
  ['crisis_contacts', (c) => c.cr],
  ['no_shows', (c) => c.oc[2]],
];

export interface FlushOptions {
  /** Rebuild a unit's view at most this often. */
  unitRebuildMs: number;
  /** Recompute a unit's signals and overdue queue at most this often. */
  analyticsMs: number;
  /** Re-evaluate a unit that had no new events this often (default 6 × analyticsMs). */
  idleAnalyticsMs?: number;
  /**
   * Re-evaluate a unit's drift at most this often (default 12 × analyticsMs): drift reads weeks of
   * daily cells per worker × dimension × track and costs several times the rest of the analytics,
   * while its figures move by the day.
   */
  driftMs?: number;
  workerDetailMs: number;
  /** How much earlier than `unitRebuildMs` a view may be rebuilt (timer jitter; see prepare). */
  rebuildSlackMs?: number;
  /**
   * Write the worker series (daily points and load gauges) at most this often: a replay touches
   * thousands of workers per tick, and daily points only need the latest value.
   */
  seriesMs?: number;
  /**
   * Whether some screen holds a unit's view (see views/interest.ts). Views nobody watches are
   * rebuilt every `unwatchedRebuildMs` (default 2 s) instead: rebuilding every unit of a county four
   * times a second was most of the processor's CPU at a busy county's rates.
   */
  watched?: (unitId: string) => boolean;
  unwatchedRebuildMs?: number;
}

/**
 * Everything a partition writes besides its checkpoint, derived from state and so safe to redo:
 * the unit views (throttled), unit summaries for the roll-up, signal and pool records, worker
 * series (batched per flush) and worker details with sparklines read back from the series.
 */
export class PartitionFlusher {
  private readonly lastBuilt = new Map<string, number>();
  private readonly analytics = new Map<string, { at: number; value: UnitAnalytics }>();
  private readonly drift = new Map<string, { at: number; signals: Signal[] }>();
  /** The last JSON written per signal and pool key (see `changed`). */
  private readonly written = new Map<string, { json: string; at: number }>();
  private readonly writtenNow: string[] = [];
  private readonly lastDetail = new Map<string, number>();
  private readonly pendingUnits = new Set<string>();
  private readonly pendingDetails = new Set<string>();
  private lastAdvance = -Infinity;
  private readonly siteInfoNow: string[] = [];
  private lastSeries = 0;
  /** Units built since the last series batch, with their load per worker (see seriesPoints). */
  private readonly gaugeUnits = new Map<string, ReturnType<typeof loadByWorker>>();
  private readonly lastGauge = new Map<string, string>();
  private readonly lastSiteInfo = new Map<string, string>();
  /** View numbers for this ownership of the partition's units (a new owner numbers above it). */
  private readonly seqs;
  private readonly watched: (unitId: string) => boolean;

  constructor(
    private readonly worker: PartitionWorker,
    private readonly redis: RedisClient,
    /** The connection of the background work (worker details), apart from views and checkpoints. */
    private readonly backgroundRedis: RedisClient,
    private readonly series: SeriesStore,
    private readonly publisher: ViewPublisher,
    private readonly opts: FlushOptions,
    private readonly timings?: FlushTimings,
  ) {
    this.seqs = publisher.numbering();
    this.watched = opts.watched ?? (() => true);
  }

  /** Forces a unit's analytics to be recomputed (a supervisor acted on one of its signals). */
  invalidate(unitId: string): void {
    // Marked stale, not dropped: until recomputed the view keeps its signals (no flicker).
    const cached = this.analytics.get(unitId);
    if (cached) cached.at = -Infinity;
    this.pendingUnits.add(unitId);
  }

  /**
   * Phase 1 of a cycle (see flush-cycle.ts): state upkeep, and the units whose views are due now.
   * `rebuildMs` may be shortened a little by the caller so that a view built on the last cycle is
   * due again on this one despite timer jitter.
   */
  async prepare(nowMs: number, t: number): Promise<string[]> {
    const state = this.worker.state;
    const t0 = Date.now();
    // Sampling exposure and pruning walk every case, worker and note. The exposure feeds only the
    // analytics, which run at most every analyticsMs: advancing more often than that (it was every
    // second, re-sampling on any case change) was 6 % of a busy processor for figures nobody read.
    const advanceMs = Math.min(this.opts.analyticsMs, 5000);
    if (t0 - this.lastAdvance >= advanceMs) {
      // After the first, staggered by partition: all of them advancing in the same cycle made one
      // cycle a second long.
      this.lastAdvance = this.lastAdvance === -Infinity ? t0 - ((this.worker.partition * 379) % advanceMs) : t0;
      state.advance(nowMs);
    }
    await completeTransferredCases(this.redis, state);
    for (const u of state.dirtyUnits) this.pendingUnits.add(u);
    state.dirtyUnits.clear();
    // Signals and the overdue queue move with "now" even when no event arrives.
    // A unit without new events is re-evaluated less often (the overdue queue moves by the hour;
    // the boards count down between views themselves): every unit every analyticsMs cost a county
    // processor most of a core at any event rate.
    const idleMs = this.opts.idleAnalyticsMs ?? this.opts.analyticsMs * 6;
    for (const [u, a] of this.analytics) if (t - a.at >= idleMs) this.pendingUnits.add(u);
    for (const w of state.dirtyWorkers) this.pendingDetails.add(w);
    state.dirtyWorkers.clear();
    this.timings?.add('prepareMs', Date.now() - t0);
    // While catching up (a replay, a back-fill) views show a moving target: rebuild them less often
    // and leave the CPU to the events.
    const catchingUp = this.worker.backlog > CATCHING_UP_BACKLOG;
    const rebuildMs = catchingUp
      ? Math.max(this.opts.unitRebuildMs, CATCHING_UP_REBUILD_MS)
      : this.opts.unitRebuildMs - (this.opts.rebuildSlackMs ?? 0);
    return dueUnits(this.pendingUnits, this.lastBuilt, t, {
      watchedMs: rebuildMs,
      unwatchedMs: this.opts.unwatchedRebuildMs ?? UNWATCHED_REBUILD_MS,
      watched: this.watched,
    });
  }

  /** Of `units`, those whose analytics are due (their supervisors' statuses are read first). */
  analyticsDue(units: string[], t: number): string[] {
    return units.filter((u) => this.analyticsStale(u, t));
  }

  /**
   * Phase 2: builds the due units' views and offers them to the publisher, and queues their
   * summaries, signal and pool records on `multi` (one pipeline for every partition). Call
   * `committed(ok)` once the pipeline ran.
   */
  buildViews(
    units: string[],
    nowMs: number,
    t: number,
    analyticsUntil: number,
    statuses: Map<string, SignalStatuses>,
    multi: RedisMulti,
  ): void {
    const state = this.worker.state;
    // Site names and zones for the roll-up: written when they change, not every tick.
    for (const [siteId, s] of state.sites) {
      const json = JSON.stringify(s);
      if (this.lastSiteInfo.get(siteId) === json) continue;
      this.lastSiteInfo.set(siteId, json);
      this.siteInfoNow.push(siteId);
      multi.hSet(SITE_INFO_KEY, siteId, json);
    }
    for (const unitId of units) {
      this.pendingUnits.delete(unitId);
      this.lastBuilt.set(unitId, t);
      if (!state.units.has(unitId)) continue;
      // One pass over the unit's cases serves the view, the pool and the load gauges.
      const loads = loadByWorker(state, unitId);
      this.gaugeUnits.set(unitId, loads);
      const view = this.buildView(unitId, nowMs, t, analyticsUntil, loads, statuses.get(unitId));
      this.publisher.offer('unit', unitId, view, this.seqs);
      const summary: UnitSummary = summariseUnit(view, this.eventsPerMinute(unitId, t));
      multi.hSet(UNIT_SUMMARIES_KEY, unitId, JSON.stringify(summary));
      for (const s of view.signals) {
        const rec: SignalRecord = { ...s, unitId, siteId: view.siteId, evidence: s.evidence ?? [] };
        const json = JSON.stringify(rec);
        if (!this.changed(redisKeys.signal(s.signalId), json, t)) continue;
        multi.set(redisKeys.signal(s.signalId), json);
        multi.zAdd(redisKeys.unitSignals(unitId), { score: Date.parse(s.since) || 0, value: s.signalId });
      }
      const pool = JSON.stringify(this.poolRecord(unitId, nowMs, loads));
      if (this.changed(redisKeys.pool(unitId), pool, t)) multi.set(redisKeys.pool(unitId), pool);
    }
  }

  /** After the pipeline of phase 2: when it failed, what it carried is written again next time. */
  committed(ok: boolean): void {
    if (!ok) {
      for (const key of this.writtenNow) this.written.delete(key);
      for (const siteId of this.siteInfoNow) this.lastSiteInfo.delete(siteId);
    }
    this.writtenNow.length = 0;
    this.siteInfoNow.length = 0;
  }

  /**
   * Phase 3, run off the cycle by the BackgroundQueue (one partition at a time): this partition's
   * worker series (a bounded batch, at most every `seriesMs`) and worker details (at most every
   * `workerDetailMs` each), so that views never wait for them. `final` writes all that is left.
   */
  async background(nowMs: number, final = false): Promise<void> {
    const state = this.worker.state;
    const t = Date.now();
    if (final || t - this.lastSeries >= (this.opts.seriesMs ?? 0)) {
      // Bounded per batch, so a back-fill's history drains over several rounds instead of stalling one.
      this.lastSeries = t;
      const { points, keys } = this.seriesPoints(nowMs, final ? Infinity : MAX_SERIES_DAYS_PER_FLUSH);
      try {
        await this.series.write(points);
      } catch (err) {
        for (const k of keys) state.seriesDirty.add(k);
        if (final) throw err;
        this.worker.log.warn({ err: String(err) }, 'series write failed; will retry');
      }
      this.timings?.add('seriesMs', Date.now() - t);
    }
    if (!this.pendingDetails.size || this.worker.isStopped) return;
    const t1 = Date.now();
    try {
      await this.writeWorkerDetails(nowMs, final ? Infinity : t1);
    } catch (err) {
      if (final) throw err;
      this.worker.log.warn({ err: String(err) }, 'worker details failed; will retry');
    }
    this.timings?.add('detailsMs', Date.now() - t1);
  }

  private analyticsStale(unitId: string, t: number): boolean {
    const cached = this.analytics.get(unitId);
    return !cached || t - cached.at >= this.opts.analyticsMs;
  }

  private buildView(
    unitId: string,
    nowMs: number,
    t: number,
    analyticsUntil: number,
    loads: ReturnType<typeof loadByWorker>,
    statuses: SignalStatuses = new Map(),
  ): UnitView {
    const state = this.worker.state;
    let cached = this.analytics.get(unitId);
    const stale = this.analyticsStale(unitId, t);
    // Within the tick's budget only: a replay must not spend its time re-evaluating signals.
    if (stale && Date.now() < analyticsUntil) {
      let value = NO_ANALYTICS;
      try {
        value = computeUnitAnalytics(state, unitId, nowMs, statuses, this.driftOf(unitId, nowMs, t));
      } catch (err) {
        this.worker.log.warn({ unitId, err: String(err) }, 'unit analytics failed');
      }
      cached = { at: t, value };
      this.analytics.set(unitId, cached);
    }
    if (stale && cached === undefined) this.pendingUnits.add(unitId);
    return buildUnitView(state, unitId, nowMs, cached?.value ?? NO_ANALYTICS, loads);
  }

  /**
   * Whether a record differs from what this flusher last wrote under `key` (and remembers it). Every
   * view rebuild re-derives the unit's signals and pool, mostly unchanged: rewriting them all cost
   * Redis thousands of commands a second. Unchanged records are still rewritten every
   * REWRITE_UNCHANGED_MS, so a Redis that lost them (restarted without persistence) is refilled.
   */
  private changed(key: string, json: string, t: number): boolean {
    const last = this.written.get(key);
    if (last && last.json === json && t - last.at < REWRITE_UNCHANGED_MS) return false;
    this.written.set(key, { json, at: t });
    this.writtenNow.push(key);
    return true;
  }

  /** The unit's drift signals, re-evaluated when older than `driftMs`. */
  private driftOf(unitId: string, nowMs: number, t: number): Signal[] {
    const driftMs = this.opts.driftMs ?? this.opts.analyticsMs * 12;
    const cached = this.drift.get(unitId);
    if (cached && t - cached.at < driftMs) return cached.signals;
    const signals = computeDriftSignals(this.worker.state, unitId, nowMs);
    this.drift.set(unitId, { at: t, signals });
    return signals;
  }

  private eventsPerMinute(unitId: string, t: number): number {
    const arr = this.worker.recentByUnit.get(unitId);
    if (!arr) return 0;
    const from = Math.floor(t / 1000) - 60;
    return arr.reduce((sum, [sec, n]) => (sec > from ? sum + n : sum), 0);
  }

  private labelsOf(workerId: string, track: string, metric: string): SeriesLabels | undefined {
    const state = this.worker.state;
    const w = state.workers.get(workerId);
    if (!w) return undefined;
    return { site: state.units.get(w.unitId)?.siteId ?? '', unit: w.unitId, worker: workerId, track, metric };
  }

  /** Points of up to `maxDays` changed worker-days (taken out of `seriesDirty`) and changed gauges. */
  private seriesPoints(nowMs: number, maxDays: number): { points: SeriesPoint[]; keys: string[] } {
    const state = this.worker.state;
    const points: SeriesPoint[] = [];
    const keys: string[] = [];
    for (const key of state.seriesDirty) {
      if (keys.length >= maxDays) break;
      keys.push(key);
      const bar = key.indexOf('|');
      const workerId = key.slice(0, bar);
      const day = Number(key.slice(bar + 1));
      const w = state.workers.get(workerId);
      if (!w) continue;
      const tz = state.tzOfUnit(w.unitId);
      const t = dayStartMs(day, tz);
      const byStratum = state.cells.get(workerId)?.get(day);
      const tracks = new Set<string>(['all']);
      for (const s of byStratum?.keys() ?? []) tracks.add(s.slice(0, s.indexOf('|')));
      for (const track of tracks) {
        const totals = windowTotals(state.cells.get(workerId), day, 1, track === 'all' ? undefined : track);
        for (const [metric, f] of CELL_METRICS) {
          const labels = this.labelsOf(workerId, track, metric);
          if (labels) points.push({ labels, t, value: f(totals) });
        }
      }
    }
    for (const key of keys) state.seriesDirty.delete(key);
    // Gauges: today's load per worker, written when it changed (or the day turned), for the units
    // built since the last batch (every unit is, at least every idleAnalyticsMs).
    const gauges = [...this.gaugeUnits];
    this.gaugeUnits.clear();
    for (const [unitId, loads] of gauges) {
      if (!state.ownsUnit(unitId)) continue;
      const tz = state.tzOfUnit(unitId);
      const t = dayStartMs(dayNumber(nowMs, tz), tz);
      for (const [workerId, l] of loads) {
        const load = Math.round(l.load * 100) / 100;
        const key = `${t}|${l.open}|${load}`;
        if (this.lastGauge.get(workerId) === key) continue;
        this.lastGauge.set(workerId, key);
        const a = this.labelsOf(workerId, 'all', 'open_cases');
        const b = this.labelsOf(workerId, 'all', 'weighted_load');
        if (a) points.push({ labels: a, t, value: l.open });
        if (b) points.push({ labels: b, t, value: load });
      }
    }
    return { points, keys };
  }

  private async writeWorkerDetails(nowMs: number, t: number): Promise<void> {
    const state = this.worker.state;
    const due = [...this.pendingDetails]
      .filter((w) => t - (this.lastDetail.get(w) ?? 0) >= this.detailPace(w))
      .slice(0, t === Infinity ? undefined : MAX_DETAILS_PER_FLUSH)
      .filter((w) => {
        this.pendingDetails.delete(w);
        this.lastDetail.set(w, Math.min(t, Date.now()));
        const rec = state.workers.get(w);
        return rec !== undefined && state.ownsUnit(rec.unitId);
      });
    if (!due.length) return;
    try {
      const longDays = state.dict.windows.longDays;
      const metrics = ['notes', 'contacts', 'risk_flags'];
      const labels = due.flatMap((w) => metrics.map((m) => this.labelsOf(w, 'all', m)!));
      const earliest = Math.min(
        ...due.map((w) => dayStartMs(dayNumber(nowMs, state.tzOfUnit(state.workers.get(w)!.unitId)) - longDays, 'UTC')),
      );
      const ranges = await this.series.ranges(labels, earliest, nowMs);
      // The partition may have gone to another instance meanwhile: its details are theirs now.
      if (this.worker.isStopped) return;
      const multi = this.backgroundRedis.multi();
      const recent = recentNotesByCase(state, due, nowMs);
      due.forEach((workerId, i) => {
        if (!state.workers.has(workerId)) return;
        const detail = buildWorkerDetail(
          state,
          workerId,
          nowMs,
          recent.get(workerId) ?? new Map(),
          metrics,
          ranges.slice(i * metrics.length, (i + 1) * metrics.length),
        );
        multi.set(redisKeys.worker(workerId), JSON.stringify(detail));
      });
      await multi.execAsPipeline();
    } catch (err) {
      for (const w of due) this.pendingDetails.add(w);
      throw err;
    }
  }

  /**
   * How often a worker's detail is rewritten: every workerDetailMs while some screen holds the
   * worker's unit (that is where a drill-down starts), every UNWATCHED_DETAIL_MS otherwise.
   */
  private detailPace(workerId: string): number {
    const unitId = this.worker.state.workers.get(workerId)?.unitId;
    const watched = unitId === undefined || this.watched(unitId);
    return watched ? this.opts.workerDetailMs : Math.max(this.opts.workerDetailMs, UNWATCHED_DETAIL_MS);
  }

  private poolRecord(unitId: string, nowMs: number, loads: ReturnType<typeof loadByWorker>): PoolRecord {
    const state = this.worker.state;
    const workers = [];
    for (const workerId of unitWorkers(state, unitId)) {
      const w = state.workers.get(workerId)!;
      workers.push({
        workerId,
        tracks: w.tracks,
        capacity: w.capacity,
        weightedLoad: loads.get(workerId)?.load ?? 0,
        absent: isAbsent(w.absences, nowMs),
      });
    }
    const waiting = [...(state.unitIndex().cases.get(unitId) ?? [])]
      .map((id) => [id, state.cases.get(id)!] as const)
      .filter(([, c]) => c && c.open && c.unitId === unitId && !c.workerId);
    const summary = recommendPool(
      waiting.map(([caseId, c]) => ({ caseId, track: c.track, weight: c.complexity, waitingSinceMs: c.openedMs })),
      workers,
      nowMs,
    );
    const byId = new Map(waiting);
    return PoolRecord.parse({
      unitId,
      asOf: new Date(nowMs).toISOString(),
      cases: summary.items.map((i) => {
        const c = byId.get(i.caseId)!;
        return {
          caseId: i.caseId,
          clientId: c.clientId,
          track: c.track,
          complexity: c.complexity,
          openedAt: new Date(c.openedMs).toISOString(),
          waitDays: Math.round(i.waitDays * 100) / 100,
          recommendedWorkerId: i.recommendedWorkerId ?? null,
          recommendedReason: i.recommendedWorkerId
            ? `${i.trackMatch ? 'works this track' : 'no free worker on this track'}; ${i.headroomAfter?.toFixed(1)} points of headroom left after it`
            : 'no worker present',
        };
      }),
    });
  }
}
