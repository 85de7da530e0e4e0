import { describe, expect, it } from 'vitest';
import { growthPercent, percentile, slopePerHour, summarise } from './stats.ts';

describe('percentile', () => {
  it('takes the nearest rank of the sorted samples', () => {
    const s = [50, 10, 40, 20, 30];
    expect(percentile(s, 50)).toBe(30);
    expect(percentile(s, 95)).toBe(50);
    expect(percentile(s, 0)).toBe(10);
    expect(percentile(s, 100)).toBe(50);
  });

  it('reads p95 of 100 samples as the 95th smallest', () => {
    const s = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted order
    expect(percentile(s, 95)).toBe(95);
    expect(percentile(s, 50)).toBe(50);
  });

  it('has no percentile without samples', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(summarise([])).toBeUndefined();
  });
});

describe('summarise', () => {
  it('gives count, median, p95, max and mean', () => {
    expect(summarise([3, 1, 2, 10])).toEqual({ n: 4, p50: 2, p95: 10, max: 10, mean: 4 });
  });
});

describe('growthPercent', () => {
  it('is the change relative to the start', () => {
    expect(growthPercent(200, 220)).toBeCloseTo(10);
    expect(growthPercent(200, 180)).toBeCloseTo(-10);
  });

  it('refuses a zero start', () => {
    expect(() => growthPercent(0, 5)).toThrow();
  });
});

describe('slopePerHour', () => {
  it('recovers a steady rise through noise', () => {
    const minute = 60_000;
    // +6 per hour is +0.1 per minute, with a ±0.5 zig-zag on top.
    const samples = Array.from({ length: 30 }, (_, i) => ({
      at: i * minute,
      value: 100 + 0.1 * i + (i % 2 ? 0.5 : -0.5),
    }));
    expect(slopePerHour(samples)).toBeCloseTo(6, 0);
  });

  it('is flat for a level series and undefined without two times', () => {
    expect(slopePerHour([10, 12, 12, 10].map((value, i) => ({ at: i * 1000, value })))).toBeCloseTo(0, 5);
    expect(slopePerHour([{ at: 0, value: 1 }])).toBeUndefined();
    expect(
      slopePerHour([
        { at: 5, value: 1 },
        { at: 5, value: 2 },
      ]),
    ).toBeUndefined();
  });
});
