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
