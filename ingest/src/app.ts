import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { answerError } from './answers.ts';
import { HttpError } from './http-error.ts';
import { eventsRoute, type EventsRouteDeps } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoute, registrySource, type MetricsSource } from './routes/metrics.ts';
import { openApiRoute } from './routes/openapi.ts';

export interface IngestDeps extends EventsRouteDeps {
  /** NATS connected and the events stream exists. */
  ready(): Promise<boolean>;
  /** What `/metrics` shows; by default this process's own registry. */
  metricsSource?: MetricsSource;
}

export { RETRY_AFTER_SECONDS } from './answers.ts';

/** Builds the ingest HTTP app from its dependencies; it never listens (see start.ts). */
export function createApp(deps: IngestDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are per-request receipts; hashing them is wasted work
  app.use(countRequests(deps));
  app.use(eventsRoute(deps));
  app.use(healthRoutes(deps.ready));
  app.use(metricsRoute(deps.metricsSource ?? registrySource(deps.metrics.registry)));
  app.use(openApiRoute());
  app.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'no such endpoint')));
  app.use(errorHandler(deps));
  return app;
}

const KNOWN_ROUTES = new Set(['/v1/events', '/healthz', '/readyz', '/metrics', '/openapi.json']);

function countRequests(deps: IngestDeps): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const route = KNOWN_ROUTES.has(req.path) ? req.path : 'other';
      deps.metrics.requests.inc({ route, status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * The one error path. Our own errors carry their answer; body-parser's carry a status; anything
 * else is a 500 whose detail goes only to the log. No message ever quotes the request body.
 */
function errorHandler(deps: Pick<IngestDeps, 'logger'>): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => answerError(deps, res, err);
}
