import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentileOfSorted, percentiles, slope } from './percentiles.ts';

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentiles(xs)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(percentileOfSorted([7], 99)).toBe(7);
    expect(percentileOfSorted([1, 2, 3], 50)).toBe(2);
  });

  it('does not depend on input order and keeps never-observed samples in the tail', () => {
    expect(percentiles([300, 100, 200, Infinity])).toEqual({ p50: 200, p95: Infinity, p99: Infinity });
  });

  it('is NaN without samples and refuses nonsense percentiles', () => {
    expect(percentiles([]).p99).toBeNaN();
    expect(() => percentileOfSorted([1], 0)).toThrow(RangeError);
  });

  it('is monotone and always one of the samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 300 }), (xs) => {
        const p = percentiles(xs);
        expect(p.p50).toBeLessThanOrEqual(p.p95);
        expect(p.p95).toBeLessThanOrEqual(p.p99);
        for (const v of Object.values(p)) expect(xs).toContain(v);
      }),
    );
  });
});

describe('slope', () => {
  it('recovers a straight line and is flat for noise around a level', () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })))).toBeCloseTo(2);
    expect(
      slope([
        { x: 0, y: 10 },
        { x: 1, y: 12 },
        { x: 2, y: 10 },
        { x: 3, y: 12 },
        { x: 4, y: 11 },
      ]),
    ).toBeCloseTo(0.2); // (2·1 − 1·1 + 1·1) / 10
    expect(slope([{ x: 1, y: 3 }])).toBe(0);
    expect(
      slope([
        { x: 1, y: 3 },
        { x: 1, y: 9 },
      ]),
    ).toBe(0);
  });
});
