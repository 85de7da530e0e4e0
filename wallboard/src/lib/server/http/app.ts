import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { WallboardDeps } from '../deps.ts';
import { depsReady } from '../deps.ts';
import { RecordReader } from '../drilldown/records.ts';
import { authenticate, revokedDisplayNotice, sameOriginForCookies } from './authenticate.ts';
import { HttpError, requirePrincipal } from './context.ts';
import { actionRoutes } from './routes/action-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { drilldownRoutes } from './routes/drilldown-routes.ts';
import { viewRoutes } from './routes/view-routes.ts';
import { securityHeaders } from './security.ts';

export interface AppOptions {
  /** SvelteKit's adapter-node handler, mounted last so the API and auth routes come first. */
  pages?: RequestHandler;
}

/** The wallboard's express app: health, auth, the HTTP API of CONTRACT §3, then the pages. Never listens. */
export function createApp(deps: WallboardDeps, opts: AppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a local reverse proxy (TLS), take the client address and protocol from its headers.
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use(measure(deps));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', (_req, res) => {
    const ready = { redis: deps.redis.isReady, nats: deps.natsUp() };
    res.status(depsReady(deps) ? 200 : 503).json({ ok: depsReady(deps), ...ready });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  // Bodies are parsed for our own routes only: SvelteKit's form actions read theirs from the stream.
  const bodies = [express.json({ limit: '64kb' }), express.urlencoded({ extended: false, limit: '16kb' })];
  app.use(['/api', '/auth'], ...bodies);
  app.use(authenticate(deps));
  app.use(sameOriginForCookies(deps));
  app.use(revokedDisplayNotice());
  app.use(authRoutes(deps));

  const records = new RecordReader(deps.redis, deps.views);
  app.use('/api', requirePrincipal(deps));
  app.use(viewRoutes(deps));
  app.use(drilldownRoutes(deps, records));
  app.use(actionRoutes(deps, records));
  app.use(adminRoutes(deps));
  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'not_found')));

  if (opts.pages) app.use(opts.pages);
  app.use(errorHandler(deps));
  return app;
}

function measure(deps: WallboardDeps): RequestHandler {
  return (req, res, next) => {
    const end = deps.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The matched route pattern, not the raw path, keeps the label set small.
      const route = req.route?.path ? String(req.route.path) : req.path.startsWith('/api/') ? 'api-other' : 'other';
      end({ route });
      deps.metrics.httpRequests.inc({ route, status: String(res.statusCode) });
    });
    next();
  };
}

/** One error path: JSON `{ error }` with the status; the details of a 500 stay in the log. */
function errorHandler(deps: WallboardDeps) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.end();
    if (err instanceof HttpError) return void res.status(err.status).json({ error: err.code, ...err.extra });
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ error: (err as { type?: string }).type ?? 'bad_request' });
    }
    if (isRedisDown(err)) return void res.status(503).json({ error: 'unavailable' });
    deps.log.error({ err, route: req.path }, 'request failed');
    res.status(500).json({ error: 'internal' });
  };
}

function isRedisDown(err: unknown): boolean {
  const name = (err as { name?: string }).name ?? '';
  const message = (err as { message?: string }).message ?? '';
  return name === 'ClientClosedError' || name === 'ClientOfflineError' || /client is (closed|offline)/i.test(message);
}
