import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuditAction } from '@caseload/shared';
import { actorOf } from '../audit/audit-log.ts';
import type { Principal } from '../auth/principal.ts';
import { REQUEST_PRINCIPAL, type RequestWithPrincipal } from '../auth/request-principal.ts';
import type { WallboardDeps } from '../deps.ts';

/** What the authentication middleware found, on `res.locals`. */
export interface AuthLocals {
  principal: Principal | null;
  via: 'bearer' | 'cookie' | null;
  /** Why there is no principal although a credential was presented. */
  rejected: 'invalid' | 'revoked' | null;
}

export function auth(res: Response): AuthLocals {
  return res.locals as AuthLocals;
}

export function principal(res: Response): Principal {
  const p = auth(res).principal;
  if (!p) throw new Error('route reached without a principal');
  return p;
}

export function fromOf(req: Request) {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

/** An HTTP error with a JSON body `{ error }`, thrown from handlers and answered by the error handler. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** Wraps an async handler so a rejection reaches the error handler. */
export function handle(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

/**
 * Refuses a request: logs it, audits it (who, what, from where), counts it, and throws the answer.
 * Every 403 of the API goes through here.
 */
export async function refuse(
  deps: WallboardDeps,
  req: Request,
  res: Response,
  status: 401 | 403,
  code: string,
  what: Record<string, string | number | boolean | null> = {},
): Promise<never> {
  const p = auth(res).principal;
  deps.metrics.refusals.inc({ channel: 'http', reason: code });
  deps.log.info({ principal: p?.id ?? null, role: p?.role ?? null, route: req.path, code }, 'access refused');
  await deps.audit
    .append({
      action: 'access.refused',
      actor: actorOf(p),
      outcome: 'refused',
      what: { channel: 'http', method: req.method, route: req.path, reason: code, ...what },
      from: fromOf(req),
    })
    .catch((e) => deps.log.warn({ err: (e as Error).message }, 'could not audit a refusal'));
  throw new HttpError(status, code);
}

/** 401 for a request without a valid credential (an invalid or revoked one is audited too). */
export function requirePrincipal(deps: WallboardDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const a = auth(res);
    if (a.principal) return next();
    if (a.rejected) return refuse(deps, req, res, 401, 'unauthorized', { credential: a.rejected }).catch(next);
    next(new HttpError(401, 'unauthorized'));
  };
}

/** Leaves the principal on the Node request for SvelteKit's hooks. */
export function exposeToSvelteKit(req: Request, p: Principal | null): void {
  (req as unknown as RequestWithPrincipal)[REQUEST_PRINCIPAL] = p;
}

export async function audit(
  deps: WallboardDeps,
  req: Request,
  res: Response,
  action: AuditAction,
  what: Record<string, string | number | boolean | null>,
): Promise<void> {
  await deps.audit.append({ action, actor: actorOf(auth(res).principal), what, from: fromOf(req) });
}
