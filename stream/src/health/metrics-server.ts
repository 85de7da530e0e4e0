import { createServer, type Server } from 'node:http';
import { Gauge, register as defaultRegister, type Registry } from 'prom-client';
import type { RuntimeSnapshot } from './runtime-stats.ts';

export interface HealthSource {
  /** The latest runtime snapshot (taken each second), if any yet. */
  runtime(): RuntimeSnapshot | undefined;
  owned(): number[];
}

function gauge(registry: Registry, name: string, help: string, read: () => number | undefined): void {
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const v = read();
      if (v !== undefined) this.set(v);
    },
  });
}

/**
 * The processor's `/healthz` (up, and which partitions it owns) and `/metrics` (Prometheus text:
 * event-loop stalls, heap, messages, plus whatever else is on the registry, e.g. the LLM reading's
 * counters). Resolves with the server once listening.
 */
export async function startMetricsServer(
  source: HealthSource,
  port: number,
  registry: Registry = defaultRegister,
): Promise<Server> {
  const r = () => source.runtime();
  gauge(
    registry,
    'stream_event_loop_delay_max_ms',
    'Longest event-loop stall in the last second (ms).',
    () => r()?.loopDelayMaxMs,
  );
  gauge(
    registry,
    'stream_event_loop_delay_max_ever_ms',
    'Longest event-loop stall since start (ms).',
    () => r()?.loopDelayMaxEverMs,
  );
  gauge(registry, 'stream_heap_used_bytes', 'V8 heap in use.', () => (r() ? r()!.heapUsedMB * 1048576 : undefined));
  gauge(registry, 'stream_messages_processed', 'Messages applied since start.', () => r()?.processed);
  gauge(
    registry,
    'stream_checkpoint_age_max_ms',
    'Time since the least recent checkpoint of an owned partition (ms).',
    () => r()?.checkpointAgeMaxMs,
  );
  gauge(
    registry,
    'stream_flush_cycle_max_ms',
    'Longest flush cycle (views, series, worker details) in the last second (ms).',
    () => r()?.flush?.cycleMaxMs,
  );
  gauge(registry, 'stream_partitions_owned', 'Partitions this instance owns.', () => source.owned().length);

  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, partitions: source.owned() }));
    } else if (req.url === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}
