import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { funnelCurve, funnelLimits, funnelTest, overdispersion } from './funnel.ts';

const cov = { watch: 0.95, alert: 0.998 };

describe('exact funnel limits (Spiegelhalter 2005)', () => {
  it('interpolates the Poisson quantiles: 10 expected events, 95%', () => {
    // F(4) = 0.029253, F(3) = 0.010336 → α = (0.029253 − 0.025) / 0.018917; upper: r = 17.
    const l = funnelLimits('poisson', 0.5, 20, 0.95);
    expect(l.lower * 20).toBeCloseTo(4 - (0.029252688 - 0.025) / (0.029252688 - 0.010336051), 4);
    expect(l.upper * 20).toBeCloseTo(17 - (0.985722 - 0.975) / (0.985722 - 0.972958), 3);
  });

  it('narrows as volume grows and widens for 99.8%', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.5, noNaN: true }), fc.integer({ min: 20, max: 2000 }), (p, n) => {
        for (const model of ['binomial', 'poisson'] as const) {
          const small = funnelLimits(model, p, n, 0.95);
          const big = funnelLimits(model, p, n * 4, 0.95);
          const wide = funnelLimits(model, p, n, 0.998);
          expect(big.upper - big.lower).toBeLessThanOrEqual(small.upper - small.lower + 1e-9);
          expect(wide.upper).toBeGreaterThanOrEqual(small.upper - 1e-9);
          expect(wide.lower).toBeLessThanOrEqual(small.lower + 1e-9);
          expect(small.lower).toBeLessThanOrEqual(p);
          expect(small.upper).toBeGreaterThanOrEqual(p);
        }
      }),
    );
  });

  it('φ > 1 moves the limits √φ farther from the target', () => {
    const a = funnelLimits('binomial', 0.1, 200, 0.95);
    const b = funnelLimits('binomial', 0.1, 200, 0.95, 4);
    expect(b.upper - 0.1).toBeCloseTo(2 * (a.upper - 0.1), 10);
  });
});

describe('funnel test', () => {
  it('flags 27 observed against 6.2 expected (the issue’s example) as alert, and the expected count as none', () => {
    const hi = funnelTest('binomial', 27, 6.2, 56, cov);
    expect(hi.level).toBe('alert');
    expect(hi.direction).toBe('up');
    expect(hi.pValue).toBeLessThan(1e-6);
    expect(funnelTest('binomial', 6, 6.2, 56, cov).level).toBe('none');
  });

  it('a low count below the limits is flagged downward', () => {
    const t = funnelTest('poisson', 20, 50, 100, cov);
    expect(t.level).toBe('alert');
    expect(t.direction).toBe('down');
  });
});

describe('over-dispersion', () => {
  it('is 1 for a panel that is just Poisson noise and > 1 for a spread-out panel', () => {
    const tight = [10, 12, 9, 11, 10, 8, 13, 10].map((o) => ({ observed: o, expected: 10.375, volume: 20 }));
    expect(overdispersion('poisson', tight)).toBe(1);
    const spread = [2, 30, 5, 25, 3, 28, 4, 22, 6, 27].map((o) => ({ observed: o, expected: 15.2, volume: 30 }));
    expect(overdispersion('poisson', spread)).toBeGreaterThan(3);
  });
});

describe('funnel curve', () => {
  it('spans 1 … maxVolume with limits around the target', () => {
    const c = funnelCurve('binomial', 0.2, 500, cov, 1, 10);
    expect(c).toHaveLength(10);
    expect(c[0]!.volume).toBeCloseTo(1);
    expect(c[9]!.volume).toBeCloseTo(500);
    for (const p of c) {
      expect(p.alert.upper).toBeGreaterThanOrEqual(p.watch.upper);
      expect(p.watch.lower).toBeLessThanOrEqual(0.2);
    }
  });
});
