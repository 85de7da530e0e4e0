/**
 * The accelerated clock of a soak. The warm-up plays `fillDays` simulated days, so the board is as
 * full as it gets before the first sample: until the processor's long window is full the unit view
 * keeps growing (more signals, overdue items, funnel points), and a board that starts half empty
 * "grows" by showing more, which says nothing about a leak. The history then starts far enough back
 * that the clock spans start-up, warm-up and soak with a margin and never reaches now (after which
 * the simulator would go live at 1×, and the board would go quiet).
 */
export const DAY_MS = 86_400_000;

export interface SimClockInput {
  soakMinutes: number;
  warmupSeconds: number;
  fillDays: number;
  /** A fixed speed instead of the one that fills the window during the warm-up. */
  speed?: number;
  /** Time for start-up before the warm-up (stack, pairing, the first view). */
  startupMs?: number;
  now: number;
}

export interface SimClock {
  speed: number;
  startMs: number;
}

export function simClock(input: SimClockInput): SimClock {
  if (!(input.warmupSeconds > 0)) throw new Error('the warm-up must last some time');
  const speed = input.speed ?? Math.ceil((input.fillDays * DAY_MS) / (input.warmupSeconds * 1000));
  const runMs = (input.startupMs ?? 3 * 60_000) + input.warmupSeconds * 1000 + input.soakMinutes * 60_000;
  return { speed, startMs: input.now - Math.ceil(runMs * speed * 1.1) };
}
