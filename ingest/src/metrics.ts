import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one ingest instance (a registry per app, so tests can run several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ingest_' });
  return {
    registry,
    requests: new Counter({
      name: 'ingest_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
    events: new Counter({
      name: 'ingest_events_total',
      help: 'Events by outcome: accepted (newly stored), duplicate (already stored), rejected (invalid)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    publishSeconds: new Histogram({
      name: 'ingest_publish_duration_seconds',
      help: 'Time from publishing a request’s events to the last JetStream ack',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createMetrics>;
