import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  binomialCdf,
  binomialQuantile,
  binomialSf,
  chiSquareSf,
  logGamma,
  normalCdf,
  normalQuantile,
  poissonCdf,
  poissonQuantile,
  poissonSf,
} from './stats.ts';

/** Brute-force pmf sums, fine for small arguments. */
function poissonPmf(k: number, mu: number): number {
  return Math.exp(k * Math.log(mu) - mu - logGamma(k + 1));
}
function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

describe('known values', () => {
  it('log gamma', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
  });

  it('Poisson tails', () => {
    expect(poissonCdf(2, 3)).toBeCloseTo(8.5 * Math.exp(-3), 12);
    expect(poissonSf(10, 5)).toBeCloseTo(0.031828057306204, 10);
    expect(poissonCdf(-1, 3)).toBe(0);
    expect(poissonSf(0, 3)).toBe(1);
  });

  it('the issue’s claim: at 56 expected events, ±15% is crossed about a quarter of the time', () => {
    const outside = poissonCdf(47, 56) + poissonSf(65, 56);
    expect(outside).toBeGreaterThan(0.2);
    expect(outside).toBeLessThan(0.3);
  });

  it('binomial tails', () => {
    expect(binomialCdf(3, 10, 0.5)).toBeCloseTo(176 / 1024, 12);
    expect(binomialSf(7, 10, 0.5)).toBeCloseTo(176 / 1024, 12);
    expect(binomialSf(11, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
  });

  it('normal distribution', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 10);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 8);
  });

  it('quantiles', () => {
    expect(poissonQuantile(0.975, 10)).toBe(17);
    expect(poissonQuantile(0.025, 10)).toBe(4);
    expect(binomialQuantile(0.5, 10, 0.5)).toBe(5);
    expect(binomialQuantile(0.999, 100, 0.1)).toBe(20);
  });

  it('chi-square', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSf(18.307038053275146, 10)).toBeCloseTo(0.05, 10);
  });
});

describe('large counts stay stable', () => {
  it('Poisson near the mean at 1e4 and 1e6 is close to the normal approximation', () => {
    for (const mu of [1e4, 1e6]) {
      const c = poissonCdf(mu, mu);
      expect(c).toBeGreaterThan(0.5);
      expect(c).toBeLessThan(0.51);
      const far = poissonSf(mu + 6 * Math.sqrt(mu), mu);
      expect(far).toBeGreaterThan(0);
      expect(far).toBeLessThan(1e-8);
    }
  });
  it('binomial with n = 1e6 matches the normal approximation', () => {
    const n = 1e6;
    const p = 0.1;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(binomialCdf(n * p + 2 * sd, n, p)).toBeCloseTo(normalCdf(2), 2);
  });
});

describe('properties', () => {
  it('Poisson cdf equals the sum of the pmf, and cdf(k−1) + sf(k) = 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0.05, max: 40, noNaN: true }), (k, mu) => {
        let sum = 0;
        for (let i = 0; i <= k; i++) sum += poissonPmf(i, mu);
        expect(poissonCdf(k, mu)).toBeCloseTo(sum, 9);
        expect(poissonCdf(k - 1, mu) + poissonSf(k, mu)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('binomial cdf equals the sum of the pmf, and cdf(k−1) + sf(k) = 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, p, frac) => {
          const k = Math.floor(frac * n);
          let sum = 0;
          for (let i = 0; i <= k; i++) sum += binomialPmf(i, n, p);
          expect(binomialCdf(k, n, p)).toBeCloseTo(sum, 9);
          expect(binomialCdf(k - 1, n, p) + binomialSf(k, n, p)).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('quantiles invert the cdf', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        (q, mu) => {
          const k = poissonQuantile(q, mu);
          expect(poissonCdf(k, mu)).toBeGreaterThanOrEqual(q);
          if (k > 0) expect(poissonCdf(k - 1, mu)).toBeLessThan(q);
        },
      ),
    );
  });

  it('the normal quantile inverts the cdf', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        expect(normalCdf(x) / p).toBeCloseTo(1, 8);
      }),
    );
  });
});
