/**
 * Decides when each simulated event may be sent. Never before its send time on the real clock, so
 * no event ever carries a time in the future. Three modes: real time (back-fill at full speed,
 * then live), accelerated (`speed` N: the simulated clock runs N× from the start until it reaches
 * now, then live) and a fixed rate (`rate` events/s, still never ahead of now). Yields a `Pause`
 * before any wait so a sender can flush what it holds.
 */
import type { SimItem } from './engine.ts';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Yielded before a wait; `live` when the next event lies ahead of the real clock (back-fill done). */
export interface Pause {
  pause: true;
  waitMs: number;
  live: boolean;
}

export interface PaceOptions {
  /** Start of the simulated history (ms): where the accelerated clock starts. */
  startMs: number;
  speed?: number;
  rate?: number;
  /** Longest single sleep, so a stop request is noticed promptly. */
  maxSleepMs?: number;
}

/** The earliest real instant an item may go out. */
export function releaseAt(item: SimItem, index: number, wallStart: number, o: PaceOptions): number {
  let at = item.sendAtMs;
  if (o.speed) at = Math.max(at, wallStart + (item.sendAtMs - o.startMs) / o.speed);
  if (o.rate) at = Math.max(at, wallStart + (index * 1000) / o.rate);
  return at;
}

export async function* paced(
  items: Iterable<SimItem>,
  o: PaceOptions,
  clock: Clock = realClock,
): AsyncGenerator<SimItem | Pause> {
  const wallStart = clock.now();
  let index = 0;
  for (const item of items) {
    for (;;) {
      const wait = releaseAt(item, index, wallStart, o) - clock.now();
      if (wait <= 0) break;
      yield { pause: true, waitMs: wait, live: item.sendAtMs > clock.now() };
      await clock.sleep(Math.min(wait, o.maxSleepMs ?? 1000));
    }
    index++;
    yield item;
  }
}
