import { describe, expect, it } from 'vitest';
import { DAY_MS, simClock } from './sim-clock.ts';

describe('simClock', () => {
  const now = Date.UTC(2026, 10, 24, 14, 0);

  it('plays the fill days during the warm-up', () => {
    const c = simClock({ soakMinutes: 30, warmupSeconds: 240, fillDays: 29, now });
    // 29 days in 240 s of real time.
    expect(c.speed * 240_000).toBeGreaterThanOrEqual(29 * DAY_MS);
    expect((c.speed - 1) * 240_000).toBeLessThan(29 * DAY_MS);
  });

  it('starts the history far enough back that the clock never reaches now during the run', () => {
    const c = simClock({ soakMinutes: 30, warmupSeconds: 240, fillDays: 29, startupMs: 120_000, now });
    const runMs = 120_000 + 240_000 + 30 * 60_000;
    expect(c.startMs + c.speed * runMs).toBeLessThan(now);
    // ... and not absurdly far: within the 10 % margin.
    expect(c.startMs + c.speed * runMs * 1.11).toBeGreaterThan(now);
  });

  it('keeps a speed it is given and refuses a warm-up of nothing', () => {
    expect(simClock({ soakMinutes: 5, warmupSeconds: 60, fillDays: 29, speed: 500, now }).speed).toBe(500);
    expect(() => simClock({ soakMinutes: 5, warmupSeconds: 0, fillDays: 29, now })).toThrow();
  });
});
