import type { NextFunction, Request, Response } from 'express';
import { resolvePrincipal } from '../auth/resolve.ts';
import type { WallboardDeps } from '../deps.ts';
import { exposeToSvelteKit, HttpError, refuse, type AuthLocals } from './context.ts';

/**
 * Resolves the principal of every request once (bearer token, else the session cookie) for the API
 * and for SvelteKit's hooks. When Redis cannot be asked whether a display is revoked, the API answers
 * 503 rather than guessing.
 */
export function authenticate(deps: WallboardDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as AuthLocals;
    locals.principal = null;
    locals.via = null;
    locals.rejected = null;
    try {
      const r = await resolvePrincipal(
        { authorization: req.get('authorization'), cookieHeader: req.get('cookie') },
        { authSecret: deps.config.authSecret, displays: deps.displays },
      );
      if (r.ok) {
        locals.principal = r.principal;
        locals.via = r.via;
      } else if (r.reason !== 'none') locals.rejected = r.reason;
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'could not check credentials');
      if (req.path.startsWith('/api/')) return next(new HttpError(503, 'unavailable'));
    }
    exposeToSvelteKit(req, locals.principal);
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request carried by the session cookie must come from the wallboard's own
 * origin. Bearer requests are not sent by browsers on their own, so they need no such check.
 */
export function sameOriginForCookies(deps: WallboardDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const { via } = res.locals as AuthLocals;
    const cookieBorne = via === 'cookie' || (via === null && req.get('cookie') !== undefined);
    if (!cookieBorne) return next();
    if (req.get('origin') === deps.config.origin) return next();
    refuse(deps, req, res, 403, 'cross_origin', { origin: req.get('origin') ?? null }).catch(next);
  };
}

/** Paths a revoked TV may still load: the notice itself, its assets, pairing anew, and the API (401s). */
const OPEN_TO_REVOKED = /^\/(not-authorised|_app\/|pair\/|auth\/|api\/|favicon|robots\.txt|healthz|readyz|metrics)/;

/**
 * A revoked display's pages go to "this screen is not authorised" rather than a login form nobody
 * at a wall TV can fill in.
 */
export function revokedDisplayNotice() {
  return (req: Request, res: Response, next: NextFunction) => {
    const { rejected } = res.locals as AuthLocals;
    if (rejected !== 'revoked' || (req.method !== 'GET' && req.method !== 'HEAD') || OPEN_TO_REVOKED.test(req.path))
      return next();
    res.set('Cache-Control', 'no-store').redirect(303, '/not-authorised');
  };
}
