/**
 * Every volume the simulator produces, in one place (docs/SIMULATOR.md explains each one and the
 * ranges the tests hold it to). Rates are per case, per worker or per note as named; "business day"
 * is Monday to Friday in the site's time zone.
 */

/** Roster shape of each scale. */
export const SCALES = {
  unit: { sites: 1, unitsPerSite: 1, workersPerUnit: 12 },
  county: { sites: 20, unitsPerSite: 25, workersPerUnit: 10 },
  state: { sites: 200, unitsPerSite: 25, workersPerUnit: 10 },
} as const;
export type Scale = keyof typeof SCALES;

/** Days of history a run starts with (back-fill), matching the processor's retention. */
export const BACKFILL_DAYS = 35;

/** Open cases per worker at the start; intensive tracks (the dictionary's `intensive`) carry fewer. */
export const CASES_PER_WORKER = { standard: { min: 15, max: 19 }, intensive: { min: 10, max: 14 } } as const;
/** Share of cases on an intensive track that are seen every 3 days instead of the track default. */
export const THREE_DAY_CADENCE_SHARE = 0.15;

/** Units lean to one track each; the mix of units (and so of workers) over tracks. */
export const TRACK_MIX: Record<string, number> = {
  child_welfare: 0.35,
  housing: 0.25,
  behavioral_health: 0.25,
  workforce: 0.15,
};
/** Share of a unit's cases that come from another track than the unit's own. */
export const OFF_TRACK_CASE_SHARE = 0.1;

/** Complexity factors: chance that a case has each factor, by track (others: DEFAULT). */
export const COMPLEXITY_FACTOR_CHANCE = 0.12;

/** Contacts. A worker fits at most this many scheduled contacts into a business day. */
export const MAX_CONTACTS_PER_DAY = 6;
export const CONTACT_OUTCOMES = { completed: 0.79, attempted: 0.07, no_show: 0.09, cancelled: 0.05 } as const;
export const CONTACT_MODES = { home_visit: 0.4, office: 0.2, phone: 0.25, video: 0.07, collateral: 0.08 } as const;
/** Business days until a missed contact is tried again. */
export const RETRY_AFTER_BUSINESS_DAYS = { min: 1, max: 2 } as const;
/** Unscheduled crisis contacts per worker per business day (their notes carry an alerting code). */
export const CRISIS_CONTACTS_PER_WORKER_DAY = 0.03;

/** Notes. Chance that a contact gets a note, by outcome. */
export const NOTE_CHANCE = { completed: 0.94, attempted: 0.4, no_show: 0.4, cancelled: 0.15 } as const;
/** Notes without a contact (collateral calls, case reviews) per worker per business day. */
export const EXTRA_NOTES_PER_WORKER_DAY = 0.25;
/**
 * Delay from the contact to writing its note: most the same day, some the next business day or
 * two, a few more than 48 hours late (CONTRACT: contactTime earlier than the note's time).
 */
export const NOTE_DELAY = { sameDay: 0.62, nextDay: 0.24, twoDays: 0.09, late: 0.05 } as const;
/** Later edits: amended (text replaced) and retracted (written on the wrong case). */
export const AMEND_CHANCE = 0.03;
export const RETRACT_CHANCE = 0.006;
/** Non-current (negated, hypothetical, historical, someone else's) risk mentions per note. */
export const DISTRACTOR_MENTIONS_PER_NOTE = 0.7;
/** Chance of a typo in a sentence without risk terms. */
export const TYPO_PER_SENTENCE = 0.05;

/** Offline field devices: share of workers whose tablets lose signal on home visits. */
export const OFFLINE_DEVICE_WORKER_SHARE = 0.3;
/** For those workers, share of home-visit contacts and their notes kept on the device until the next sync. */
export const OFFLINE_VISIT_SHARE = 0.5;

/** Supervision every 14 days; chance a session slips by several days. */
export const SUPERVISION_DAYS = 14;
export const SUPERVISION_SLIP_CHANCE = 0.08;

/** Absences: chance per worker per business day that one starts, and its length in business days. */
export const ABSENCE_START_PER_WORKER_DAY = 0.006;
export const ABSENCE_BUSINESS_DAYS = { min: 1, max: 5 } as const;

/** Case flow, per open case per business day. */
export const CLOSE_PER_CASE_DAY = 1 / 130;
export const TRANSFER_PER_CASE_DAY = 0.0008;
export const REASSIGN_PER_CASE_DAY = 0.0005;
/** New cases keep caseloads steady; this share waits in the unit's pool before assignment. */
export const POOL_SHARE = 0.6;
export const POOL_WAIT_BUSINESS_DAYS = { min: 0, max: 4 } as const;

/** Capacity: weighted points a worker can carry, as a multiple of the expected weighted load. */
export const CAPACITY_HEADROOM = { min: 1.12, max: 1.3 } as const;

/** Injected ground truth. Shares are of all workers; at least one of each in every run. */
export const INJECT = {
  riskDrift18Share: 0.02,
  riskDrift50Share: 0.02,
  contactDropShare: 0.02,
  overloadedShare: 0.04,
  /** Extra cases given to an overloaded worker, as a share of their caseload. */
  overloadExtraCases: 0.6,
  /**
   * An overloaded worker is the unit's specialist: intake goes to them until their load ratio is
   * this much above their colleagues', which keeps them over capacity as cases close.
   */
  specialistRatioBonus: 0.45,
  /** Risk-signal clusters per unit per 35 days (at least one per run). */
  clustersPerUnitPer35Days: 0.5,
  clusterCases: { min: 3, max: 5 },
  clusterWindowHours: 60,
  /** Drift onset, as a fraction of the simulated horizon. */
  onsetFraction: { min: 0.35, max: 0.6 },
} as const;
