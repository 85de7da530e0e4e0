/**
 * Whether a screen may call itself live (CONTRACT §3): stale when no heartbeat came within
 * `staleAfterMs`, or the processor's lag passed `maxLagMs`. Nothing else: a unit whose view has not
 * changed for an hour is still live as long as heartbeats arrive with a small lag.
 */
export interface FreshnessSettings {
  staleAfterMs: number;
  maxLagMs: number;
}

export const DEFAULT_FRESHNESS: FreshnessSettings = { staleAfterMs: 30_000, maxLagMs: 60_000 };

export interface FreshnessInput {
  now: number;
  /** Local time the last heartbeat arrived (local clock only: the TV's clock may be off). */
  lastHeartbeatAt: number | null;
  /** When this client began waiting for heartbeats (page load); a fresh page is not stale at once. */
  startedAt: number;
  lagMs: number | null;
}

export type FreshnessReason = 'no_heartbeat' | 'lagging' | null;

export interface Freshness {
  live: boolean;
  reason: FreshnessReason;
}

export function freshness(input: FreshnessInput, settings: FreshnessSettings): Freshness {
  const since = input.lastHeartbeatAt ?? input.startedAt;
  if (input.now - since > settings.staleAfterMs) return { live: false, reason: 'no_heartbeat' };
  // Before the first heartbeat we know nothing yet, so it is not "live" but not stale either.
  if (input.lastHeartbeatAt === null) return { live: false, reason: null };
  if (input.lagMs !== null && input.lagMs > settings.maxLagMs) return { live: false, reason: 'lagging' };
  return { live: true, reason: null };
}

/**
 * Reads `?staleAfter=` and `?maxLag=` (seconds) so a TV, or a test, can tighten the thresholds
 * without a rebuild. Out-of-range values fall back to the defaults.
 */
export function freshnessFromParams(params: URLSearchParams, base = DEFAULT_FRESHNESS): FreshnessSettings {
  const seconds = (name: string, fallbackMs: number) => {
    const raw = params.get(name);
    const n = raw === null ? NaN : Number(raw);
    return Number.isFinite(n) && n >= 1 && n <= 3600 ? n * 1000 : fallbackMs;
  };
  return { staleAfterMs: seconds('staleAfter', base.staleAfterMs), maxLagMs: seconds('maxLag', base.maxLagMs) };
}
