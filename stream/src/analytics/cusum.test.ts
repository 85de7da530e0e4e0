import { describe, expect, it } from 'vitest';
import { incrementMoments, llrArl, llrIncrement, llrThresholdForArl, runCusum, siegmundArl } from './cusum.ts';

/** A small deterministic PRNG for the simulated run lengths. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(u: () => number, mu: number): number {
  const l = Math.exp(-mu);
  let k = 0;
  let p = u();
  while (p > l) {
    k++;
    p *= u();
  }
  return k;
}

describe('LLR increments', () => {
  it('Poisson: O ln ρ − (ρ − 1) n p', () => {
    expect(llrIncrement('poisson', 3, 10, 0.2, 1.5)).toBeCloseTo(3 * Math.log(1.5) - 0.5 * 2, 12);
  });
  it('binomial: O ln ρ + (n − O) ln((1 − ρp)/(1 − p))', () => {
    expect(llrIncrement('binomial', 1, 4, 0.1, 2)).toBeCloseTo(Math.log(2) + 3 * Math.log(0.8 / 0.9), 12);
  });
  it('has negative mean in control and E[e^X] = 1 (exact likelihood ratio)', () => {
    const m = incrementMoments('poisson', 5, 0.3, 1.18);
    expect(m.mean).toBeLessThan(0);
    // E[e^X] for Poisson(μ): exp(μ(ρ − 1)) · exp(−(ρ − 1)μ) = 1.
    let sum = 0;
    const mu = 1.5;
    for (let k = 0; k < 60; k++) {
      const pmf = Math.exp(
        k * Math.log(mu) - mu - Array.from({ length: k }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0),
      );
      sum += pmf * Math.exp(llrIncrement('poisson', k, 5, 0.3, 1.18));
    }
    expect(sum).toBeCloseTo(1, 10);
  });
});

describe('run lengths and thresholds', () => {
  it('solves h for a target ARL and the LLR approximation holds within a factor of 2 by simulation', () => {
    const u = rng(42);
    const mu = 1.5;
    const rho = 1.18;
    const m = incrementMoments('poisson', 1, mu, rho);
    const h = llrThresholdForArl(m.mean, 500);
    expect(llrArl(m.mean, h)).toBeCloseTo(500, 3);
    let total = 0;
    const runs = 200;
    for (let r = 0; r < runs; r++) {
      let s = 0;
      let t = 0;
      while (s < h) {
        t++;
        s = Math.max(0, s + llrIncrement('poisson', poisson(u, mu), 1, mu, rho));
      }
      total += t;
    }
    const simulated = total / runs;
    expect(simulated).toBeGreaterThan(250);
    expect(simulated).toBeLessThan(1000);
  });

  it('Siegmund’s normal approximation grows with h', () => {
    expect(siegmundArl(-0.1, 0.5, 4)).toBeGreaterThan(siegmundArl(-0.1, 0.5, 3));
  });
});

describe('runCusum', () => {
  it('tracks the excursion start and the first day over h', () => {
    const days = [-1, 2, 2, -0.5, 3, -10, 1].map((increment, i) => ({ day: 100 + i, increment }));
    const mid = runCusum(days.slice(0, 5), 4);
    expect(mid.value).toBeCloseTo(6.5);
    expect(mid.runStartDay).toBe(101);
    // Over h on day 102, under on 103, over again from 104: the current run over h began on 104.
    expect(mid.overSinceDay).toBe(104);
    const end = runCusum(days, 4);
    expect(end.value).toBe(1);
    expect(end.runStartDay).toBe(106);
    expect(end.overSinceDay).toBeNull();
    expect(end.max).toBeCloseTo(6.5);
  });
});
