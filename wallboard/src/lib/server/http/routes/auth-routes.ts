import { Router } from 'express';
import { z } from 'zod';
import { clearedSessionCookie, sessionCookie } from '../../auth/cookies.ts';
import { displayPrincipal } from '../../auth/displays.ts';
import { DISPLAY_SESSION_TTL_SECONDS, SESSION_TTL_SECONDS, signToken } from '../../auth/tokens.ts';
import type { WallboardDeps } from '../../deps.ts';
import { isSecureRequest } from '../cookies-for-request.ts';
import { fromOf, handle } from '../context.ts';

const Credentials = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Only a path on this site: `/units/U1`, never `//evil.example` or `https://…` (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** `POST /auth/login`, `POST /auth/logout` and the TV's `GET /pair/:code`. */
export function authRoutes(deps: WallboardDeps): Router {
  const r = Router();

  r.post(
    '/auth/login',
    handle(async (req, res) => {
      const next = safeNext(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next);
      const failTo = `/login?error=1${next !== '/' ? `&next=${encodeURIComponent(next)}` : ''}`;
      const parsed = Credentials.safeParse(req.body ?? {});
      if (!parsed.success) return void res.redirect(303, failTo);
      const { username, password } = parsed.data;
      const ip = req.ip ?? 'unknown';
      if (await deps.loginLimiter.isBlocked(ip, username)) {
        deps.log.info({ username, ip }, 'login rate limited');
        await deps.audit.append({
          action: 'auth.login_failed',
          actor: { kind: 'anonymous', id: username },
          outcome: 'refused',
          what: { reason: 'rate_limited' },
          from: fromOf(req),
        });
        res.set('Retry-After', '900');
        return void res.redirect(303, `${failTo}&reason=rate_limited`);
      }
      const principal = await deps.users.authenticate(username, password);
      if (!principal) {
        await deps.loginLimiter.recordFailure(ip, username);
        deps.log.info({ username, ip }, 'login failed');
        await deps.audit.append({
          action: 'auth.login_failed',
          actor: { kind: 'anonymous', id: username },
          outcome: 'refused',
          what: { reason: 'bad_credentials' },
          from: fromOf(req),
        });
        return void res.redirect(303, failTo);
      }
      await deps.loginLimiter.recordSuccess(ip, username);
      const token = await signToken(principal, deps.config.authSecret, SESSION_TTL_SECONDS);
      await deps.audit.append({
        action: 'auth.login',
        actor: { kind: 'user', id: principal.id, role: principal.role },
        what: {},
        from: fromOf(req),
      });
      res.append(
        'Set-Cookie',
        sessionCookie(token, { maxAgeSeconds: SESSION_TTL_SECONDS, secure: isSecureRequest(req, deps.config) }),
      );
      res.redirect(303, next);
    }),
  );

  r.post('/auth/logout', (req, res) => {
    res.append('Set-Cookie', clearedSessionCookie(isSecureRequest(req, deps.config)));
    res.redirect(303, '/login');
  });

  r.get(
    '/pair/:code',
    handle(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const display = await deps.displays.consumePairing(String(req.params.code));
      if (!display) {
        deps.log.info({ ip: req.ip }, 'pairing code refused (unknown, used or expired)');
        res.status(404).type('text/plain').send('This pairing link is not valid: it was already used or has expired.');
        return;
      }
      const token = await signToken(displayPrincipal(display), deps.config.authSecret, DISPLAY_SESSION_TTL_SECONDS);
      await deps.audit.append({
        action: 'display.pair',
        actor: { kind: 'display', id: display.displayId, role: 'display' },
        what: { displayId: display.displayId, units: display.units.join(','), sites: display.sites.join(',') },
        from: fromOf(req),
      });
      res.append(
        'Set-Cookie',
        sessionCookie(token, { maxAgeSeconds: DISPLAY_SESSION_TTL_SECONDS, secure: isSecureRequest(req, deps.config) }),
      );
      const board = display.units[0] ? `/board/unit/${display.units[0]}` : `/board/site/${display.sites[0] ?? ''}`;
      res.redirect(303, board);
    }),
  );

  return r;
}
