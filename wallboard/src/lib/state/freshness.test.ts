import { describe, expect, it } from 'vitest';
import { DEFAULT_FRESHNESS, freshness, freshnessFromParams } from './freshness.ts';

const settings = { staleAfterMs: 30_000, maxLagMs: 60_000 };

describe('freshness', () => {
  it('is live while heartbeats arrive with a small lag, however old the view', () => {
    expect(freshness({ now: 100_000, lastHeartbeatAt: 96_000, startedAt: 0, lagMs: 200 }, settings)).toEqual({
      live: true,
      reason: null,
    });
  });

  it('is stale once no heartbeat came within the limit', () => {
    expect(freshness({ now: 131_000, lastHeartbeatAt: 100_000, startedAt: 0, lagMs: 200 }, settings)).toEqual({
      live: false,
      reason: 'no_heartbeat',
    });
  });

  it('is stale when the processor lags past the threshold', () => {
    expect(freshness({ now: 100_000, lastHeartbeatAt: 99_000, startedAt: 0, lagMs: 60_001 }, settings).reason).toBe(
      'lagging',
    );
  });

  it('does not call a page stale before it could have had a heartbeat, nor live', () => {
    expect(freshness({ now: 5_000, lastHeartbeatAt: null, startedAt: 0, lagMs: null }, settings)).toEqual({
      live: false,
      reason: null,
    });
    expect(freshness({ now: 31_000, lastHeartbeatAt: null, startedAt: 0, lagMs: null }, settings).reason).toBe(
      'no_heartbeat',
    );
  });

  it('treats an unknown lag (no processor report yet) as no evidence of lagging', () => {
    expect(freshness({ now: 10_000, lastHeartbeatAt: 9_000, startedAt: 0, lagMs: null }, settings).live).toBe(true);
  });

  it('reads thresholds in seconds from the URL and ignores nonsense', () => {
    expect(freshnessFromParams(new URLSearchParams('staleAfter=3&maxLag=90'))).toEqual({
      staleAfterMs: 3000,
      maxLagMs: 90_000,
    });
    expect(freshnessFromParams(new URLSearchParams('staleAfter=-1&maxLag=abc'))).toEqual(DEFAULT_FRESHNESS);
  });
});
