import { z } from 'zod';

/** Live views of CONTRACT §3. Laptop roles receive them whole; `display` receives the projection. */

export const SignalKind = z.enum(['drift', 'cluster', 'tripwire']);
export const SignalTest = z.enum(['funnel', 'cusum', 'ewma', 'scan', 'rule']);
export const Severity = z.enum(['watch', 'alert']);
export const SignalStatus = z.enum(['open', 'acknowledged', 'snoozed', 'resolved']);
export const OverdueKind = z.enum(['contact', 'note', 'supervision', 'worker_silent']);

export const Evidence = z.object({
  noteId: z.string(),
  caseId: z.string(),
  paragraph: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  /** Filled only on an audited read (GET /api/signals/:id); never stored in clear. */
  quote: z.string().optional(),
  code: z.string().optional(),
  at: z.string().optional(),
});

export const Signal = z.object({
  signalId: z.string(),
  kind: SignalKind,
  test: SignalTest,
  workerId: z.string().optional(),
  dimension: z.string(),
  track: z.string().optional(),
  value: z.number(),
  panelValue: z.number(),
  relDiff: z.number(),
  severity: Severity,
  status: SignalStatus,
  since: z.string(),
  explanation: z.string(),
  evidenceCount: z.number().int().min(0),
  action: z.string().optional(),
  /** Funnel-plot coordinates (volume, observed, expected) for the chart. */
  observed: z.number().optional(),
  expected: z.number().optional(),
  pValue: z.number().optional(),
  /** Present on laptop views; stripped from display views. */
  evidence: z.array(Evidence).optional(),
});

export const WorkerSummary = z.object({
  workerId: z.string(),
  name: z.string(),
  displayName: z.string(),
  absent: z.boolean(),
  openCases: z.number().int().min(0),
  weightedLoad: z.number().min(0),
  capacity: z.number().min(0),
  notesInWindow: z.number().int().min(0),
  contactsInWindow: z.number().int().min(0),
  riskFlagsInWindow: z.number().int().min(0),
  overdueCount: z.number().int().min(0),
  tracks: z.array(z.string()).optional(),
});

export const OverdueItem = z.object({
  kind: OverdueKind,
  workerId: z.string(),
  caseId: z.string().optional(),
  dueAt: z.string(),
  daysOverdue: z.number(),
});

export const OverdueTotals = z.object({
  contact: z.number().int().min(0),
  note: z.number().int().min(0),
  supervision: z.number().int().min(0),
  worker_silent: z.number().int().min(0),
});

/** One point of the funnel plot: a worker's volume and rate for the unit's headline dimension. */
export const FunnelPoint = z.object({
  workerId: z.string().optional(),
  displayName: z.string().optional(),
  volume: z.number().min(0),
  observed: z.number().min(0),
  expected: z.number().min(0),
  rate: z.number(),
  flagged: z.boolean(),
});

export const UnitView = z.object({
  unitId: z.string(),
  siteId: z.string(),
  name: z.string(),
  asOf: z.string(),
  seq: z.number().int().min(0),
  windowDays: z.number().int().min(1),
  wallShowsNames: z.boolean().optional(),
  timezone: z.string().optional(),
  workers: z.array(WorkerSummary),
  signals: z.array(Signal),
  overdue: z.array(OverdueItem),
  overdueTotals: OverdueTotals,
  pool: z.object({ unassigned: z.number().int().min(0), oldestWaitDays: z.number().min(0) }),
  funnel: z.object({ dimension: z.string(), panelRate: z.number(), points: z.array(FunnelPoint) }).optional(),
});

const SignalCounts = z.object({
  drift: z.number().int().min(0),
  cluster: z.number().int().min(0),
  tripwire: z.number().int().min(0),
});

export const SiteView = z.object({
  siteId: z.string(),
  name: z.string(),
  asOf: z.string(),
  seq: z.number().int().min(0),
  units: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      workers: z.number().int().min(0),
      openCases: z.number().int().min(0),
      weightedLoad: z.number().min(0),
      capacity: z.number().min(0),
      signals: SignalCounts,
      overdue: z.number().int().min(0),
    }),
  ),
});

export const SitesView = z.object({
  asOf: z.string(),
  seq: z.number().int().min(0),
  sites: z.array(
    z.object({
      siteId: z.string(),
      name: z.string(),
      units: z.number().int().min(0),
      workers: z.number().int().min(0),
      openCases: z.number().int().min(0),
      weightedLoad: z.number().min(0),
      capacity: z.number().min(0),
      signals: SignalCounts,
      overdue: z.number().int().min(0),
      eventsPerMinute: z.number().min(0),
      /** Each figure a week ago, for the change shown on /sites. */
      weekAgo: z
        .object({ weightedLoad: z.number(), signals: z.number(), overdue: z.number(), eventsPerMinute: z.number() })
        .optional(),
    }),
  ),
});

export const ViewScope = z.enum(['unit', 'site', 'sites']);

/** What the wallboard emits as `view` and what the processor publishes on NATS. */
export const ViewMessage = z.object({
  scope: ViewScope,
  id: z.string().optional(),
  seq: z.number().int().min(0),
  asOf: z.string(),
  generatedAt: z.string(),
  view: z.union([UnitView, SiteView, SitesView]),
});

export const Heartbeat = z.object({
  serverTime: z.string(),
  asOf: z.string().nullable(),
  lagMs: z.number().nullable(),
});

export type Evidence = z.infer<typeof Evidence>;
export type Signal = z.infer<typeof Signal>;
export type SignalStatus = z.infer<typeof SignalStatus>;
export type WorkerSummary = z.infer<typeof WorkerSummary>;
export type OverdueItem = z.infer<typeof OverdueItem>;
export type OverdueTotals = z.infer<typeof OverdueTotals>;
export type FunnelPoint = z.infer<typeof FunnelPoint>;
export type UnitView = z.infer<typeof UnitView>;
export type SiteView = z.infer<typeof SiteView>;
export type SitesView = z.infer<typeof SitesView>;
export type ViewScope = z.infer<typeof ViewScope>;
export type ViewMessage = z.infer<typeof ViewMessage>;
export type Heartbeat = z.infer<typeof Heartbeat>;

/**
 * What a `display` token may see of a unit view (CONTRACT §3): display names only, no evidence,
 * no case ids; and, unless the unit chose `wallShowsNames`, nothing that points to a worker in a signal.
 */
export function projectUnitViewForDisplay(view: UnitView): UnitView {
  const named = view.wallShowsNames === true;
  const anon = new Map<string, string>();
  const pseudonym = (workerId: string | undefined) => {
    if (!workerId) return undefined;
    let p = anon.get(workerId);
    if (!p) anon.set(workerId, (p = `w${anon.size + 1}`));
    return p;
  };
  // Tiles are keyed by the same pseudonyms as overdue items, so an anonymous wall carries no worker id.
  for (const w of view.workers) pseudonym(w.workerId);
  return {
    ...view,
    workers: view.workers.map((w) => ({
      ...w,
      workerId: named ? w.workerId : (pseudonym(w.workerId) ?? ''),
      name: w.displayName,
    })),
    signals: view.signals.map((s, i) => {
      const { evidence: _evidence, workerId, ...rest } = s;
      if (named) return { ...rest, ...(workerId ? { workerId } : {}) };
      // Signal ids are built from worker ids, so an anonymous wall gets a positional id instead.
      return {
        ...rest,
        signalId: `${view.unitId}-s${i}`,
        explanation: s.kind === 'drift' ? anonymousExplanation(s) : s.explanation,
      };
    }),
    overdue: view.overdue.map(({ caseId: _caseId, workerId, ...rest }) => ({
      ...rest,
      workerId: named ? workerId : (pseudonym(workerId) ?? ''),
    })),
    funnel: view.funnel && {
      ...view.funnel,
      // Unnamed points are sorted by volume, so their order no longer follows the tiles' order.
      points: named
        ? view.funnel.points
        : view.funnel.points
            .map(({ workerId: _w, displayName: _d, ...p }) => p)
            .sort((a, b) => a.volume - b.volume || a.observed - b.observed),
    },
  };
}

function anonymousExplanation(s: Signal): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `A worker in this unit is ${s.relDiff >= 0 ? 'above' : 'below'} the panel on ${s.dimension.replace(/_/g, ' ')}: ${pct(
    Math.abs(s.relDiff),
  )} ${s.relDiff >= 0 ? 'more' : 'less'} than expected for their case mix.`;
}
