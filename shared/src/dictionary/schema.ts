import { z } from 'zod';

const code = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower_snake_case');

export const Track = z.strictObject({
  id: code,
  label: z.string().min(1),
  /** Intensive tracks carry fewer cases per worker. */
  intensive: z.boolean().default(false),
  defaultCadenceDays: z.number().int().min(1).max(90),
});

export const ComplexityFactor = z.strictObject({
  id: code,
  label: z.string().min(1),
  /** Points added to the case's base weight. */
  weight: z.number().min(0).max(10),
});

export const LexiconEntry = z.strictObject({
  id: code,
  label: z.string().min(1),
  definition: z.string().min(1),
  /** Phrases matched case-insensitively on word boundaries; `*` at the end of a word matches any suffix. */
  terms: z.array(z.string().min(1)).min(1),
  /** Terms matched case-sensitively (abbreviations such as "SI", "DV"). */
  caseSensitiveTerms: z.array(z.string().min(1)).default([]),
  /**
   * A mention of this code is read as another code when its sentence holds one of the words
   * (e.g. a threat of violence in a sentence about a boyfriend is domestic violence).
   */
  redirects: z.array(z.strictObject({ to: code, whenSentenceHas: z.array(z.string().min(1)).min(1) })).default([]),
  /** Mentions count for the household whoever is named (support from a relative elsewhere is still support). */
  ignoresExperiencer: z.boolean().default(false),
  /** Off for topics where "no job" or "does not have a ride" still speaks of the topic. */
  negationApplies: z.boolean().default(true),
});

export const RiskCode = LexiconEntry.extend({
  /** May this code's drift raise an `alert` (rather than only `watch`)? */
  alerting: z.boolean().default(false),
  /** Base rate of current mentions per note, by track, for the simulator and expectations. */
  baseRates: z.record(z.string(), z.number().min(0).max(1)).default({}),
});

export const ContextTriggers = z.strictObject({
  preNegation: z.array(z.string()).min(1),
  postNegation: z.array(z.string()).min(1),
  pseudoNegation: z.array(z.string()).default([]),
  hypothetical: z.array(z.string()).min(1),
  /** Applies on both sides of the mention ("history of DV", "evicted in 2019"). */
  historical: z.array(z.string()).min(1),
  otherExperiencer: z.array(z.string()).min(1),
  householdMembers: z.array(z.string()).default([]),
  terminators: z.array(z.string()).min(1),
  /** Words the scope runs over at most (beyond it a trigger no longer applies). */
  maxScopeWords: z.number().int().min(1).max(40).default(8),
  /** Triggers after the mention that make it hypothetical ("results pending"). */
  postHypothetical: z.array(z.string()).default([]),
  /** End the scope of negation and hypothesis only ("which", "reports"). */
  negationTerminators: z.array(z.string()).default([]),
  /** End the scope of an other-experiencer trigger (reporting verbs: "neighbour called ... the children"). */
  experiencerTerminators: z.array(z.string()).default([]),
  /**
   * End the scope of a historical trigger before the mention: the sentence turns to the present
   * ("DUI ten years ago and has a valid license now").
   */
  historicalTerminators: z.array(z.string()).default([]),
  /**
   * A person named right after one of these ("fought with a coworker") is not the subject, so
   * does not make the sentence's mentions about someone else.
   */
  prepositions: z.array(z.string()).default([]),
  /** Phrases that contain a term but are no mention ("animal shelter", "drinking water"). */
  nonMentions: z.array(z.string()).default([]),
});

export const DriftDimension = z.strictObject({
  id: code,
  label: z.string().min(1),
  /** Numerator/denominator kinds the processor knows how to count. */
  measure: z.enum(['risk_rate', 'code_rate', 'theme_rate', 'contacts_per_case_week', 'late_doc_rate', 'no_show_rate']),
  code: code.optional(),
  alerting: z.boolean().default(false),
});

export const Tripwire = z.strictObject({
  id: code,
  label: z.string().min(1),
  metric: z.enum(['late_doc_rate', 'missed_followup_rate', 'crisis_week_over_week', 'load_ratio']),
  threshold: z.number(),
  action: z.string().min(1),
});

export const Dictionary = z.strictObject({
  name: z.string().min(1),
  /** A human revision label; the effective version also hashes the file's content. */
  revision: z.string().min(1),
  tracks: z.array(Track).min(1),
  baseCaseWeight: z.number().min(0).default(1),
  complexityFactors: z.array(ComplexityFactor),
  complexityBands: z.array(z.number()).min(1).describe('upper bounds of complexity bands for standardisation'),
  riskCodes: z.array(RiskCode).min(1),
  themes: z.array(LexiconEntry),
  context: ContextTriggers,
  windows: z.strictObject({
    shortDays: z.number().int().min(1).default(7),
    longDays: z.number().int().min(1).default(28),
    retainDays: z.number().int().min(1).default(35),
  }),
  drift: z.strictObject({
    minRelDiff: z.number().min(0).max(5).default(0.15),
    targetShift: z.number().min(0).max(5).default(0.18),
    funnelWatch: z.number().min(0.5).max(0.99999).default(0.95),
    funnelAlert: z.number().min(0.5).max(0.99999).default(0.998),
    /** The least CUSUM threshold h any chart uses; above it h is solved from the false-alert budget. */
    cusumThreshold: z.number().min(0).default(3),
    /** Days of daily cells the CUSUM looks back over (stateless recompute at each evaluation). */
    cusumDays: z.number().int().min(7).max(366).default(84),
    /**
     * Nominal (steady-state ARL) false drift alerts per unit-week the CUSUMs spend together, split evenly
     * over the family; the windowed recompute realises far fewer (see stream/src/analytics/cusum.ts).
     */
    falseAlertsPerUnitWeek: z.number().positive().max(10).default(0.5),
    fdr: z.number().min(0).max(1).default(0.05),
    maxAlertingPerWorker: z.number().int().min(0).default(6),
    minExpected: z.number().min(0).default(5),
    dimensions: z.array(DriftDimension).min(1),
  }),
  clusters: z.strictObject({
    maxWindowHours: z.number().min(1).default(72),
    minCases: z.number().int().min(1).default(3),
    falseClustersPerUnitYear: z.number().min(0).default(1),
    /** Share of the false-cluster budget spent on the unit-wide scans; the rest is split over caseloads. */
    unitScopeShare: z.number().min(0).max(1).default(0.5),
  }),
  overdue: z.strictObject({
    noteDueBusinessDays: z.number().min(0).default(2),
    supervisionDays: z.number().min(1).default(14),
    workerSilentBusinessDays: z.number().min(1).default(5),
    lateDocumentationHours: z.number().min(1).default(48),
  }),
  tripwires: z.array(Tripwire),
});

export type DictionaryInput = z.input<typeof Dictionary>;
export type DictionaryData = z.output<typeof Dictionary>;
/** A loaded dictionary: its data and the version that readings record. */
export type LoadedDictionary = DictionaryData & { version: string };
