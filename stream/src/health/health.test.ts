import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { startMetricsServer } from './metrics-server.ts';
import { RuntimeStats } from './runtime-stats.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runtime stats and the metrics server', () => {
  it('measures the longest event-loop stall of each period and since start', async () => {
    let processed = 0;
    const stats = new RuntimeStats(() => processed);
    await tick(50);
    // A synchronous stall of ~200 ms, as a long batch without yielding would cause.
    const until = Date.now() + 200;
    while (Date.now() < until) processed++;
    await tick(50);
    const first = stats.snapshot();
    expect(first.loopDelayMaxMs).toBeGreaterThanOrEqual(150);
    expect(first.processed).toBe(processed);
    expect(first.heapUsedMB).toBeGreaterThan(0);
    await tick(100);
    const second = stats.snapshot();
    // Each snapshot closes a period; the longest since start is the larger of the two periods'.
    expect(second.loopDelayMaxEverMs).toBe(Math.max(first.loopDelayMaxMs, second.loopDelayMaxMs));
    stats.stop();
  });

  it('serves /healthz with the owned partitions and /metrics with the stall, checkpoint and flush gauges', async () => {
    const registry = new Registry();
    const snapshot = {
      loopDelayMaxMs: 12.5,
      loopDelayP99Ms: 3,
      loopDelayMaxEverMs: 40,
      heapUsedMB: 100,
      rssMB: 200,
      cpuS: 1,
      processed: 7,
      checkpointAgeMaxMs: 480,
      flush: { cycles: 3, cycleMaxMs: 90, prepareMs: 5, viewsMs: 60, seriesMs: 10, detailsMs: 20, rollupMs: 4 },
    };
    const server = await startMetricsServer({ runtime: () => snapshot, owned: () => [1, 3] }, 0, registry);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, partitions: [1, 3] });
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/^stream_event_loop_delay_max_ms 12\.5$/m);
      expect(text).toMatch(/^stream_event_loop_delay_max_ever_ms 40$/m);
      expect(text).toMatch(/^stream_partitions_owned 2$/m);
      expect(text).toMatch(/^stream_checkpoint_age_max_ms 480$/m);
      expect(text).toMatch(/^stream_flush_cycle_max_ms 90$/m);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
