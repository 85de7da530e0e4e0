import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, RateSearch, type SearchSettings, type Step } from './rate-search.ts';

/** Runs a search against a system that sustains up to `ceiling` events/s (probes and holds alike). */
function drive(settings: SearchSettings, passes: (step: Step) => boolean, budget = 10_000) {
  const search = new RateSearch(settings);
  let left = budget;
  for (let i = 0; i < 50; i++) {
    const step = search.next(left);
    if (!step) break;
    left -= step.seconds;
    const passed = passes(step);
    search.record(step, { passed, reasons: passed ? [] : ['too fast'] });
  }
  return search.result();
}

describe('RateSearch', () => {
  it('climbs, refines between the last pass and the first failure, then holds the best pass', () => {
    const r = drive(DEFAULT_SEARCH, (s) => s.rate <= 5000);
    const probes = r.history.filter((h) => h.kind === 'probe').map((h) => h.rate);
    // 1000, 1600, 2560, 4100 pass; 6560 fails; refine at √(4100·6560) ≈ 5190 fails; √(4100·5180) ≈ 4610 passes…
    expect(probes.slice(0, 5)).toEqual([1000, 1600, 2560, 4100, 6560]);
    expect(r.history.at(-1)).toMatchObject({ kind: 'hold', seconds: 60, passed: true });
    expect(r.sustainableRate).toBeLessThanOrEqual(5000);
    expect(r.sustainableRate).toBeGreaterThan(5000 / DEFAULT_SEARCH.refineRatio);
  });

  it('steps down after a failed hold and reports the held rate that passed', () => {
    // Probes pass up to 3000, but the long hold fails above 2500 (a slowly growing backlog).
    const r = drive({ ...DEFAULT_SEARCH, maxProbes: 3 }, (s) => (s.kind === 'probe' ? s.rate <= 3000 : s.rate <= 2500));
    const holds = r.history.filter((h) => h.kind === 'hold');
    expect(holds.map((h) => [h.rate, h.passed])).toEqual([
      [2560, false],
      [2050, true],
    ]);
    expect(r.sustainableRate).toBe(2050);
  });

  it('steps down twice when the first two holds fail, and stops after the third', () => {
    const holdsOf = (ceiling: number) =>
      drive({ ...DEFAULT_SEARCH, maxProbes: 2 }, (s) => (s.kind === 'probe' ? true : s.rate <= ceiling))
        .history.filter((h) => h.kind === 'hold')
        .map((h) => [h.rate, h.passed]);
    expect(holdsOf(1100)).toEqual([
      [1600, false],
      [1280, false],
      [1020, true],
    ]);
    expect(holdsOf(500)).toEqual([
      [1600, false],
      [1280, false],
      [1020, false],
    ]);
  });

  it('steps down from the start rate when even that fails', () => {
    const r = drive(DEFAULT_SEARCH, (s) => s.rate <= 400);
    expect(r.history[0]).toMatchObject({ rate: 1000, passed: false });
    expect(r.history[1]).toMatchObject({ rate: 625, passed: false });
    expect(r.history[2]).toMatchObject({ rate: 391, passed: true });
    expect(r.sustainableRate).toBeGreaterThan(0);
    expect(r.sustainableRate).toBeLessThanOrEqual(400);
  });

  it('jumps down to what the system processed when the first probe fails far above it', () => {
    const search = new RateSearch(DEFAULT_SEARCH);
    const first = search.next(1000)!;
    search.record(first, { passed: false, reasons: ['backlog'] }, 120);
    expect(search.next(1000)).toMatchObject({ kind: 'probe', rate: 108 });
    // A processed rate above rate ÷ factor does not slow the descent.
    const other = new RateSearch(DEFAULT_SEARCH);
    other.record(other.next(1000)!, { passed: false, reasons: ['p99'] }, 900);
    expect(other.next(1000)!.rate).toBe(625);
    // Nor does it go below the minimum rate.
    const tiny = new RateSearch(DEFAULT_SEARCH);
    tiny.record(tiny.next(1000)!, { passed: false, reasons: ['p99'] }, 3);
    expect(tiny.next(1000)!.rate).toBe(DEFAULT_SEARCH.minRate);
  });

  it('gives up after failing at the minimum rate, with nothing sustained', () => {
    const r = drive(DEFAULT_SEARCH, () => false);
    expect(r.sustainableRate).toBeUndefined();
    expect(r.history.every((h) => h.kind === 'probe')).toBe(true);
    expect(r.history.map((h) => h.rate)).toEqual([1000, 625, 391, 244, 153, 96, 60, 50]);
    // Failing at the floor once ends it, whatever the processed rate says.
    const search = new RateSearch(DEFAULT_SEARCH);
    search.record(search.next(1000)!, { passed: false, reasons: ['p99'] }, 10);
    const floor = search.next(1000)!;
    expect(floor.rate).toBe(DEFAULT_SEARCH.minRate);
    search.record(floor, { passed: false, reasons: ['p99'] }, 40);
    expect(search.next(1000)).toBeUndefined();
  });

  it('stops probing when only the hold still fits in the budget, and always runs the first hold', () => {
    const r = drive(DEFAULT_SEARCH, () => true, 85);
    expect(r.history.map((h) => h.kind)).toEqual(['probe', 'probe', 'hold']);
    const short = drive(DEFAULT_SEARCH, () => true, 10);
    expect(short.history.map((h) => [h.kind, h.rate])).toEqual([
      ['probe', 1000],
      ['hold', 1000],
    ]);
  });

  it('holds a fixed rate once in --rate mode', () => {
    const r = drive({ ...DEFAULT_SEARCH, fixedRate: 100 }, () => false);
    expect(r.history).toEqual([{ kind: 'hold', rate: 100, seconds: 60, passed: false, reasons: ['too fast'] }]);
    expect(r.sustainableRate).toBeUndefined();
  });
});
