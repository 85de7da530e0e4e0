import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one wallboard server, on its own registry (several servers may share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'wallboard_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'wallboard_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    liveConnections: new Gauge({
      name: 'wallboard_live_connections',
      help: 'Open /live sockets by principal kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    viewsReceived: new Counter({
      name: 'wallboard_views_received_total',
      help: 'View messages from NATS by outcome (emitted, stale, invalid, unwatched: nobody here holds the view)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    viewsEmitted: new Counter({
      name: 'wallboard_views_emitted_total',
      help: 'View emissions to rooms by scope and projection',
      labelNames: ['scope', 'projection'] as const,
      registers: [registry],
    }),
    refusals: new Counter({
      name: 'wallboard_refusals_total',
      help: 'Refused requests and sockets by channel and reason',
      labelNames: ['channel', 'reason'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
