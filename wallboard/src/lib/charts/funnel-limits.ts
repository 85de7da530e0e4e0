/**
 * Control limits for the board's funnel plot. The processor tests with exact limits; the chart only
 * has to draw the funnel's outline, so it uses the normal approximation around the panel rate:
 * binomial rates (shares of notes or contacts) have variance p(1−p)/n, Poisson rates (risk flags
 * per note, contacts per case-week) p/n. Same families as stream/src/analytics/measures.ts.
 */
export const Z_95 = 1.959964;
export const Z_998 = 3.090232;

const POISSON_DIMENSIONS = new Set(['risk_rate', 'contacts_per_case_week']);

export function isPoissonDimension(dimension: string): boolean {
  return POISSON_DIMENSIONS.has(dimension);
}

export interface LimitPoint {
  volume: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export function limitsAt(dimension: string, panelRate: number, volume: number): LimitPoint {
  const p = Math.max(0, panelRate);
  const variance = isPoissonDimension(dimension) ? p / volume : (p * (1 - Math.min(p, 1))) / volume;
  const sd = Math.sqrt(Math.max(variance, 0));
  const clamp = (x: number) => (isPoissonDimension(dimension) ? Math.max(0, x) : Math.min(1, Math.max(0, x)));
  return {
    volume,
    lower95: clamp(p - Z_95 * sd),
    upper95: clamp(p + Z_95 * sd),
    lower998: clamp(p - Z_998 * sd),
    upper998: clamp(p + Z_998 * sd),
  };
}

/** The outline at `steps` volumes spaced geometrically from 1 to `maxVolume` (the funnel narrows fast). */
export function funnelOutline(dimension: string, panelRate: number, maxVolume: number, steps = 40): LimitPoint[] {
  const top = Math.max(2, maxVolume);
  const out: LimitPoint[] = [];
  for (let i = 0; i < steps; i++) {
    const volume = Math.pow(top, i / (steps - 1));
    out.push(limitsAt(dimension, panelRate, volume));
  }
  return out;
}
