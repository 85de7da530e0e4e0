import { describe, expect, it } from 'vitest';
import type { SimItem } from './engine.ts';
import { paced, releaseAt, type Clock } from './pacer.ts';

const DAY = 86_400_000;

/** A clock whose sleeps move time forward instantly. */
function fakeClock(start: number): Clock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

/** Items every 10 simulated minutes from 35 days ago to 2 hours in the future. */
function items(now: number): SimItem[] {
  const out: SimItem[] = [];
  for (let t = now - 35 * DAY; t < now + 2 * 3600_000; t += 600_000) {
    out.push({ event: { time: new Date(t).toISOString() } as never, timeMs: t, sendAtMs: t });
  }
  return out;
}

describe('pacing', () => {
  it('with --speed never releases an event whose time is ahead of the real clock, and catches up with now', async () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const clock = fakeClock(now);
    const list = items(now);
    let released = 0;
    let pauses = 0;
    for await (const x of paced(list, { startMs: now - 35 * DAY, speed: 5000 }, clock)) {
      if ('pause' in x) {
        pauses++;
        continue;
      }
      expect(x.timeMs).toBeLessThanOrEqual(clock.now());
      // The accelerated clock: simulated time never runs ahead of start + elapsed × speed.
      expect(x.sendAtMs).toBeLessThanOrEqual(now - 35 * DAY + (clock.now() - now) * 5000 + 1);
      released++;
    }
    expect(released).toBe(list.length);
    expect(pauses).toBeGreaterThan(0);
    // 35 days at ×5000 take about 10 minutes of real time; the last items wait for the real clock.
    expect(clock.now()).toBeGreaterThanOrEqual(now + 2 * 3600_000 - 600_000);
  });

  it('by default back-fills the past at once, then goes live at the real pace', async () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const clock = fakeClock(now);
    const list = items(now);
    const pastCount = list.filter((i) => i.sendAtMs <= now).length;
    let released = 0;
    let firstPause: { live: boolean; at: number } | undefined;
    for await (const x of paced(list, { startMs: now - 35 * DAY }, clock)) {
      if ('pause' in x) {
        firstPause ??= { live: x.live, at: released };
        continue;
      }
      expect(x.timeMs).toBeLessThanOrEqual(clock.now());
      released++;
    }
    expect(firstPause).toEqual({ live: true, at: pastCount });
    expect(released).toBe(list.length);
  });

  it('with --rate sends at a fixed number of events per second', () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const item = { sendAtMs: now - DAY } as SimItem;
    expect(releaseAt(item, 0, now, { startMs: now - 35 * DAY, rate: 100 })).toBe(now);
    expect(releaseAt(item, 250, now, { startMs: now - 35 * DAY, rate: 100 })).toBe(now + 2500);
    // Never ahead of the real clock, whatever the rate.
    expect(releaseAt({ sendAtMs: now + 60_000 } as SimItem, 0, now, { startMs: now - DAY, rate: 1e6 })).toBe(
      now + 60_000,
    );
  });
});
