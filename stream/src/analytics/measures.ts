/**
 * How each drift measure counts, and so which distribution its counts follow. A note either carries a
 * given code or theme, is late or not, and a contact is a no-show or not: binomial over the exposure.
 * All risk flags per note (a note can carry several) and contacts per case-week are counts over an
 * exposure: Poisson.
 */
export type Measure =
  'risk_rate' | 'code_rate' | 'theme_rate' | 'contacts_per_case_week' | 'late_doc_rate' | 'no_show_rate';

export type RateModel = 'binomial' | 'poisson';

export function modelFor(measure: string): RateModel {
  return measure === 'risk_rate' || measure === 'contacts_per_case_week' ? 'poisson' : 'binomial';
}

/** Binomial rates are shown as percentages, Poisson rates as counts per unit of exposure. */
export function formatRate(measure: string, rate: number): string {
  return modelFor(measure) === 'binomial' ? `${Math.round(rate * 100)}%` : rate.toFixed(2);
}

/**
 * Contacts are made on business days, at most about one per case a day: a case-week of exposure is five
 * case-days, each a Bernoulli trial with probability (contacts per case-week) / 5. The CUSUM uses that
 * binomial likelihood, which carries more information per contact than the Poisson one when contacts are
 * frequent (weekly cadence: p = 0.2 a day). Other measures are counted on their own exposure (1).
 */
export function trialsPerExposure(measure: string): number {
  return measure === 'contacts_per_case_week' ? 5 : 1;
}

/** The likelihood the CUSUM charts use for a measure (see trialsPerExposure). */
export function chartModelFor(measure: string): RateModel {
  return trialsPerExposure(measure) > 1 ? 'binomial' : modelFor(measure);
}

/**
 * The dictionary's shape of a measure's expected rate across tracks, where it states one: contacts per
 * case-week follow the track's default contact cadence (7 / cadence days). Undefined for other measures.
 */
export function trackShapeFor(
  measure: string,
  tracks: readonly { id: string; defaultCadenceDays: number }[],
): Record<string, number> | undefined {
  if (measure !== 'contacts_per_case_week' || tracks.length === 0) return undefined;
  return Object.fromEntries(tracks.map((t) => [t.id, 7 / t.defaultCadenceDays]));
}

/**
 * The direction of a measure's drift that calls for a supervisor's attention. More risk flags, themes,
 * late notes or no-shows than the case mix predicts, or fewer contacts than the cadence asks, mean a
 * caseload or a practice in trouble; the opposite is good news (or, for risk flags, at most a question
 * of recording that the funnel's two-sided watch still shows). Only this side may raise an `alert`, so
 * the alerting CUSUM is one-sided, as item 5 asks ("a one-sided CUSUM per worker × dimension"): a chart
 * on the other side would spend half the unit's false-alert budget on alerts nobody needs (the
 * evaluation measured 60–70% of false alerts there: contacts up and risk flags down).
 */
export type Concern = 'up' | 'down';

export function concernOf(measure: string): Concern {
  return measure === 'contacts_per_case_week' ? 'down' : 'up';
}
