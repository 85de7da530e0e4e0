import { Id } from '@caseload/shared';
import { Router } from 'express';
import { z } from 'zod';
import { publishRevocation } from '../../live/revocation.ts';
import { canManageDisplays, canReadAudit } from '../../auth/policy.ts';
import type { WallboardDeps } from '../../deps.ts';
import { audit, handle, HttpError, principal, refuse } from '../context.ts';
import { idParam } from './params.ts';

const NewDisplay = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    units: z.array(Id).max(50).default([]),
    sites: z.array(Id).max(50).default([]),
  })
  .refine((d) => d.units.length + d.sites.length > 0, { message: 'give units or sites', path: ['units'] });

export function pairingUrl(origin: string, code: string): string {
  return `${origin}/pair/${code}`;
}

/** Display devices (admins), the audit log (auditors) and `GET /api/me` (anyone signed in). */
export function adminRoutes(deps: WallboardDeps): Router {
  const r = Router();

  r.get('/api/me', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(principal(res));
  });

  r.post(
    '/api/displays',
    handle(async (req, res) => {
      const p = principal(res);
      if (!canManageDisplays(p)) await refuse(deps, req, res, 403, 'forbidden');
      const parsed = NewDisplay.safeParse(req.body ?? {});
      if (!parsed.success) throw new HttpError(400, 'invalid');
      const { display, pairingCode, expiresAt } = await deps.displays.create({ ...parsed.data, createdBy: p.id });
      await audit(deps, req, res, 'display.create', {
        displayId: display.displayId,
        units: display.units.join(','),
        sites: display.sites.join(','),
      });
      res.status(201).json({ display, pairingUrl: pairingUrl(deps.config.origin, pairingCode), expiresAt });
    }),
  );

  r.get(
    '/api/displays',
    handle(async (req, res) => {
      if (!canManageDisplays(principal(res))) await refuse(deps, req, res, 403, 'forbidden');
      res.set('Cache-Control', 'no-store').json({ displays: await deps.displays.list() });
    }),
  );

  r.post(
    '/api/displays/:displayId/revoke',
    handle(async (req, res) => {
      const p = principal(res);
      if (!canManageDisplays(p)) await refuse(deps, req, res, 403, 'forbidden');
      const displayId = idParam(req, 'displayId');
      const display = await deps.displays.revoke(displayId, p.id);
      if (!display) throw new HttpError(404, 'not_found');
      publishRevocation(deps, displayId);
      await audit(deps, req, res, 'display.revoke', { displayId });
      res.json({ ok: true, display });
    }),
  );

  r.get(
    '/api/audit',
    handle(async (req, res) => {
      if (!canReadAudit(principal(res))) await refuse(deps, req, res, 403, 'forbidden');
      const limit = z.coerce.number().int().min(1).max(1000).catch(100).parse(req.query.limit);
      const before = z
        .string()
        .regex(/^\d+-\d+$/)
        .optional()
        .catch(undefined)
        .parse(req.query.before);
      const entries = await deps.audit.list({ count: limit, ...(before ? { before } : {}) });
      res
        .set('Cache-Control', 'no-store')
        .json({ entries, next: entries.length === limit ? entries.at(-1)?.id : null });
    }),
  );

  return r;
}
