/** Small pure figures for the measuring scripts: percentiles by nearest rank, and growth. */

/** The p-th percentile (0–100) by nearest rank; undefined for no samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarise(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  return {
    n: samples.length,
    p50: percentile(samples, 50)!,
    p95: percentile(samples, 95)!,
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/** Growth from `start` to `end` in percent of `start` (negative when it shrank). */
export function growthPercent(start: number, end: number): number {
  if (start <= 0) throw new Error('growth needs a positive starting figure');
  return ((end - start) / start) * 100;
}

/**
 * The least-squares slope of `value` against time, per hour: a steady leak shows as a positive slope
 * however noisy single samples are (a GC'd heap moves with what the page happens to show).
 */
export function slopePerHour(samples: readonly { at: number; value: number }[]): number | undefined {
  if (samples.length < 2) return undefined;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.at, 0) / n;
  const my = samples.reduce((a, s) => a + s.value, 0) / n;
  const sxx = samples.reduce((a, s) => a + (s.at - mx) ** 2, 0);
  if (sxx === 0) return undefined;
  const sxy = samples.reduce((a, s) => a + (s.at - mx) * (s.value - my), 0);
  return (sxy / sxx) * 3_600_000;
}
