/**
 * The plain-data contract between the processor's state (stream/src/state, windows) and the pure
 * analytics (stream/src/analytics). The state keeps daily cells; analytics recompute signals from
 * them on each evaluation, so a replay after a crash yields exactly the same signals.
 *
 * Days are whole days in the site's time zone, numbered as days since 1970-01-01 (`dayNumber`).
 * A stratum is the case-mix cell used for indirect standardisation: `${track}|${band}` where band
 * is the index of the case's complexity band in the dictionary's `complexityBands`.
 */

export type DayNumber = number;
export type StratumKey = string;

/** A pointer to supporting evidence; never the text itself. */
export interface EvidenceRef {
  noteId: string;
  caseId: string;
  paragraph: number;
  start: number;
  end: number;
  code?: string;
  /** Event time (ISO) of the note or contact. */
  at: string;
}

/**
 * One worker × dimension × day × stratum: how many events (numerator) over how much exposure (denominator).
 * The CUSUM looks back `drift.cusumDays` (default 84) days, so daily cells are kept that long (longer
 * than the events' `windows.retainDays`). For contacts per case-week, count exposure on business days
 * only (open cases / 5 per weekday), so a weekend without contacts does not read as a drop.
 */
export interface DailyCell {
  day: DayNumber;
  stratum: StratumKey;
  /** Numerator: flagged notes, contacts, late notes, no-shows … depending on the dimension. */
  events: number;
  /** Denominator: notes, case-weeks, contacts … depending on the dimension. */
  exposure: number;
}

export interface WorkerSeries {
  workerId: string;
  displayName: string;
  /** Days on which the worker was absent (their cells are ignored and their tests pause). */
  absentDays: DayNumber[];
  cells: DailyCell[];
  /** Evidence for this worker on this dimension within the long window, newest first (bounded). */
  evidence: EvidenceRef[];
}

export interface DriftInput {
  unitId: string;
  /** The dimension id from the dictionary's drift.dimensions, and whether it may alert. */
  dimension: {
    id: string;
    label: string;
    alerting: boolean;
    measure: string;
    code?: string;
    /** The code's or theme's label ("Housing instability") for explanations; else derived from `label`. */
    codeLabel?: string;
    /**
     * The expected rate's shape across tracks when the dictionary states one (contacts per case-week:
     * 7 / the track's cadence in days); the panel then sets only the level (see standardise.ts).
     */
    trackShape?: Record<string, number>;
  };
  /** `undefined` for all tracks together, or a track id for a per-track test. */
  track?: string;
  workers: WorkerSeries[];
  today: DayNumber;
  windowDays: number;
}

export interface DriftFinding {
  workerId: string;
  dimension: string;
  track?: string;
  test: 'funnel' | 'cusum' | 'ewma';
  /** Observed rate, the case-mix-expected rate, and their relative difference. */
  value: number;
  panelValue: number;
  relDiff: number;
  observed: number;
  expected: number;
  exposure: number;
  pValue: number;
  severity: 'watch' | 'alert';
  /** First day the test was over its limit in the current run of days. */
  sinceDay: DayNumber;
  explanation: string;
  evidence: EvidenceRef[];
}

/** A flagged note for cluster scanning: one case flagged for one code at one time. */
export interface FlagEvent {
  caseId: string;
  workerId: string;
  code: string;
  /** epoch ms of the note's event time */
  t: number;
  evidence: EvidenceRef;
}

export interface ClusterInput {
  unitId: string;
  code: string;
  /** Scope of the scan: one worker's caseload, or the whole unit (`workerId` undefined). */
  workerId?: string;
  flags: FlagEvent[];
  /** Expected flagged cases per hour for this scope, from the panel's rate and the scope's exposure. */
  expectedPerHour: number;
  /**
   * Better, when the caller has it: the scope's exposure as it happened — each note in the last
   * `clusters.maxWindowHours` with the flags it is expected to carry (the panel's rate for its stratum).
   * A window's expected count is then the sum over the notes in it, so busy mornings and quiet weekends
   * are both right; `expectedPerHour` is ignored.
   */
  exposure?: { t: number; expected: number }[];
  nowMs: number;
}

export interface ClusterFinding {
  unitId: string;
  workerId?: string;
  code: string;
  cases: number;
  expected: number;
  windowHours: number;
  pValue: number;
  severity: 'watch' | 'alert';
  sinceMs: number;
  explanation: string;
  evidence: EvidenceRef[];
}
