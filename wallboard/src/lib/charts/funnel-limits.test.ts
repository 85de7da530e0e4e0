import { describe, expect, it } from 'vitest';
import { funnelOutline, limitsAt } from './funnel-limits.ts';

describe('funnel limits', () => {
  it('narrow as volume grows and nest the 95% inside the 99.8%', () => {
    const small = limitsAt('late_doc_rate', 0.2, 10);
    const big = limitsAt('late_doc_rate', 0.2, 1000);
    expect(big.upper95 - big.lower95).toBeLessThan(small.upper95 - small.lower95);
    for (const l of [small, big]) {
      expect(l.lower998).toBeLessThanOrEqual(l.lower95);
      expect(l.upper998).toBeGreaterThanOrEqual(l.upper95);
    }
  });

  it('uses the binomial spread for shares, clamped to 0..1', () => {
    const l = limitsAt('late_doc_rate', 0.5, 100);
    expect(l.upper95).toBeCloseTo(0.5 + 1.959964 * Math.sqrt(0.25 / 100), 6);
    expect(limitsAt('late_doc_rate', 0.9, 2).upper998).toBe(1);
  });

  it('uses the Poisson spread for rates per exposure, never below zero', () => {
    const l = limitsAt('risk_rate', 2, 50);
    expect(l.upper95).toBeCloseTo(2 + 1.959964 * Math.sqrt(2 / 50), 6);
    expect(limitsAt('risk_rate', 0.1, 1).lower998).toBe(0);
  });

  it('draws the outline from volume 1 to the largest volume', () => {
    const o = funnelOutline('late_doc_rate', 0.2, 400, 10);
    expect(o).toHaveLength(10);
    expect(o[0]!.volume).toBeCloseTo(1);
    expect(o.at(-1)!.volume).toBeCloseTo(400);
  });
});
