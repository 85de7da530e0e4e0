/**
 * Live-path figures for the wallboard server alone: NATS publish of a unit view → `view` event at
 * socket.io-client subscribers, with real NATS and Redis started for the run. Prints p50/p95/p99.
 *
 *   npx tsx wallboard/test/support/bench-live.ts [--clients 50] [--views 200]
 */
import { startNats, startRedis } from '@caseload/shared/testing';
import { startWallboard } from './harness.ts';
import { unitFixture, unitView, viewMessage } from './fixtures.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const clients = arg('clients', 50);
  const views = arg('views', 200);
  const [nats, redis] = await Promise.all([startNats(), startRedis()]);
  const h = await startWallboard({ natsUrl: nats.url, redisUrl: redis.url, heartbeatMs: 5000 });
  try {
    const u = unitFixture({ workers: 12 });
    await h.fixtures.storeView(viewMessage(unitView(u, { seq: 0 })));
    const token = await h.token({ role: 'lead', units: [u.unitId] });
    const sent = new Map<number, number>();
    const latencies: number[] = [];
    const sockets = await Promise.all(
      Array.from({ length: clients }, async () => {
        const c = h.client({ token });
        await new Promise<void>((resolve, reject) => {
          c.once('connect', () => resolve());
          c.once('connect_error', reject);
        });
        await c.emitWithAck('subscribe', { scope: 'unit', id: u.unitId });
        c.on('view', (m) => {
          const t = sent.get(m.seq);
          if (t !== undefined) latencies.push(performance.now() - t);
        });
        return c;
      }),
    );
    const bytes = JSON.stringify(viewMessage(unitView(u, { seq: 1 }))).length;
    const started = performance.now();
    for (let seq = 1; seq <= views; seq++) {
      sent.set(seq, performance.now());
      await h.fixtures.publishView(viewMessage(unitView(u, { seq })));
      await new Promise((r) => setTimeout(r, 10));
    }
    const deadline = Date.now() + 10_000;
    while (latencies.length < clients * views && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    console.log(
      JSON.stringify({
        clients,
        views,
        viewBytes: bytes,
        delivered: latencies.length,
        expected: clients * views,
        deliveriesPerSecond: Math.round(latencies.length / seconds),
        latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) },
      }),
    );
    for (const s of sockets) s.disconnect();
  } finally {
    await h.stop();
    await Promise.all([nats.destroy(), redis.destroy()]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
