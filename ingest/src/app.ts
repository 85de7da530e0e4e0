import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { HttpError } from './http-error.ts';
import { NatsUnavailableError } from './publisher/unavailable.ts';
import { eventsRoute, type EventsRouteDeps } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoute } from './routes/metrics.ts';
import { openApiRoute } from './routes/openapi.ts';

export interface IngestDeps extends EventsRouteDeps {
  /** NATS connected and the events stream exists. */
  ready(): Promise<boolean>;
}

/** Seconds a client is told to wait after a 503. */
export const RETRY_AFTER_SECONDS = 2;

/** Builds the ingest HTTP app from its dependencies; it never listens (see start.ts). */
export function createApp(deps: IngestDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are per-request receipts; hashing them is wasted work
  app.use(countRequests(deps));
  app.use(eventsRoute(deps));
  app.use(healthRoutes(deps.ready));
  app.use(metricsRoute(deps.metrics.registry));
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
function errorHandler(deps: IngestDeps): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = toHttpError(err);
    if (e.status >= 500) deps.logger.error({ err }, e.message);
    else deps.logger.debug({ status: e.status, error: e.error }, 'request refused');
    res.status(e.status).set(e.headers).json(e.body());
  };
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof NatsUnavailableError)
    return new HttpError(
      503,
      'unavailable',
      `${err.message}; retry later`,
      {},
      {
        'Retry-After': String(RETRY_AFTER_SECONDS),
      },
    );
  const parserType = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  if (parserType === 'entity.too.large')
    return new HttpError(413, 'payload_too_large', 'the request body is larger than 10 MB');
  if (parserType === 'encoding.unsupported')
    return new HttpError(415, 'unsupported_media_type', 'unsupported Content-Encoding');
  if (parserType === 'request.aborted') return new HttpError(400, 'aborted', 'the request was aborted');
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
  if (status >= 400 && status < 500) return new HttpError(status, 'bad_request', 'the request could not be read');
  return new HttpError(500, 'internal', 'internal error');
}
