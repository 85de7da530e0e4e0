import { describe, expect, it } from 'vitest';
import { headlineFigures, readSummary, summaryText } from './lib/summary.js';

/** k6 ≤ 1.x handleSummary data (the shape documented under "Summary data reference"). */
const LEGACY = {
  state: { testRunDurationMs: 120_000 },
  metrics: {
    ingest_events_accepted: { type: 'counter', contains: 'default', values: { count: 240_000, rate: 2_000 } },
    ingest_retry_503: { type: 'counter', contains: 'default', values: { count: 3, rate: 0.025 } },
    http_req_failed: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0, passes: 0, fails: 2_400 },
      thresholds: { 'rate<0.01': { ok: true } },
    },
    'http_req_duration{name:ingest_batch}': {
      type: 'trend',
      contains: 'time',
      values: { med: 20.5, 'p(95)': 80, 'p(99)': 140.25, count: 2_400 },
      thresholds: { 'p(99)<1000': { ok: true } },
    },
    wallboard_views: { type: 'counter', contains: 'default', values: { count: 6_000, rate: 50 } },
    wallboard_view_age: {
      type: 'trend',
      contains: 'time',
      values: { med: 300, 'p(95)': 700, 'p(99)': 1_200, count: 6_000 },
      thresholds: { 'p(99)<1000': { ok: false } },
    },
  },
};

/** The machine-readable summary of k6 ≥ 1.5 (opt-in) and 2.x. */
const MACHINE = {
  version: '1.0.0',
  metadata: { generatedAt: '2026-11-24T08:00:00Z', k6Version: '2.3.0' },
  config: { execution: 'local', duration: 60 },
  results: {
    passed: true,
    metrics: [
      {
        name: 'ingest_events_accepted',
        type: 'counter',
        contains: 'default',
        category: 'custom',
        values: { count: 60_000, rate: 1_000 },
      },
      {
        name: 'wallboard_heartbeats',
        type: 'counter',
        contains: 'default',
        category: 'custom',
        values: { count: 600, rate: 10 },
      },
    ],
  },
};

describe('the end-of-test summary', () => {
  it('reads the legacy shape, thresholds included', () => {
    const f = headlineFigures(readSummary(LEGACY));
    expect(f.durationSeconds).toBe(120);
    expect(f.ingest).toMatchObject({ eventsAccepted: 240_000, eventsPerSecond: 2_000, retried503: 3, failedRate: 0 });
    expect(f.ingest.requestMs).toEqual({ p50: 20.5, p95: 80, p99: 140.25 });
    expect(f.screens.viewAgeMs.p99).toBe(1_200);
    expect(f.thresholds).toEqual({ passed: false, failed: ['wallboard_view_age: p(99)<1000'] });
  });

  it('reads the machine-readable shape', () => {
    const f = headlineFigures(readSummary(MACHINE));
    expect(f.durationSeconds).toBe(60);
    expect(f.ingest.eventsPerSecond).toBe(1_000);
    expect(f.screens.heartbeats).toBe(600);
    expect(f.screens.views).toBeNull();
    expect(f.thresholds.passed).toBe(true);
  });

  it('prints throughput and latency, and which thresholds failed', () => {
    const text = summaryText(LEGACY);
    expect(text).toContain('events accepted     240000  (2000.0 events/s)');
    expect(text).toContain('request latency     p50 20.5 ms   p95 80.0 ms   p99 140.3 ms');
    expect(text).toContain('view age            p50 300.0 ms   p95 700.0 ms   p99 1200.0 ms');
    expect(text).toContain('thresholds: FAILED\n  wallboard_view_age: p(99)<1000');
    expect(summaryText({})).toContain('thresholds: none evaluated');
  });
});
