import { modelFor } from './measures.ts';

/**
 * One plain sentence per signal, with the numbers a supervisor checks it by. No pronouns for the
 * worker beyond "their": the display name carries the sentence.
 */

export interface DriftExplanationInput {
  name: string;
  dimension: { id: string; label: string; measure: string; code?: string; codeLabel?: string };
  observed: number;
  expected: number;
  exposure: number;
  /** Length of the period the figures cover, in days. */
  days: number;
  /** For a CUSUM excursion: the ISO day the period started. */
  sinceIso?: string;
}

export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number, digits = 1) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));

/** "Housing instability per note" → "housing instability". */
export function subjectOf(d: DriftExplanationInput['dimension']): string {
  const base = d.codeLabel ?? d.label.replace(/\s+per\s+(note|contact|case-week)$/i, '');
  return base.charAt(0).toLowerCase() + base.slice(1);
}

export function explainDrift(x: DriftExplanationInput): string {
  const rate = x.exposure > 0 ? x.observed / x.exposure : 0;
  const expRate = x.exposure > 0 ? x.expected / x.exposure : 0;
  const period = x.sinceIso ? `the ${x.days} days since ${x.sinceIso}` : `${x.days} days`;
  const counts = `${num(x.observed)} observed, ${num(x.expected)} expected`;
  const mix = 'expected for their case mix';
  switch (x.dimension.measure) {
    case 'risk_rate':
      return `${possessive(x.name)} notes carry ${rate.toFixed(2)} risk flags per note over ${period}; ${expRate.toFixed(2)} ${mix}; ${counts}.`;
    case 'contacts_per_case_week':
      return `${x.name} logged ${rate.toFixed(2)} contacts per case-week over ${period}; ${expRate.toFixed(2)} ${mix}; ${counts}.`;
    case 'late_doc_rate':
      return `${x.name} documented ${pct(rate)} of contacts late over ${period}; ${pct(expRate)} ${mix}; ${counts}.`;
    case 'no_show_rate':
      return `${pct(rate)} of ${possessive(x.name)} contacts were no-shows over ${period}; ${pct(expRate)} ${mix}; ${counts}.`;
    default:
      if (modelFor(x.dimension.measure) === 'binomial')
        return `${possessive(x.name)} notes flag ${subjectOf(x.dimension)} in ${pct(rate)} of notes over ${period}; ${pct(expRate)} ${mix}; ${counts}.`;
      return `${possessive(x.name)} ${subjectOf(x.dimension)} ran at ${rate.toFixed(2)} over ${period}; ${expRate.toFixed(2)} ${mix}; ${counts}.`;
  }
}

export interface ClusterExplanationInput {
  scope: string;
  codeLabel: string;
  cases: number;
  expected: number;
  windowHours: number;
}

export function explainCluster(x: ClusterExplanationInput): string {
  return `${x.cases} cases flagged for ${x.codeLabel} on ${x.scope} in ${x.windowHours} hours; ${x.expected.toFixed(1)} expected from the panel's rate.`;
}
