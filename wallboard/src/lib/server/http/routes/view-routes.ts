import { Router, type Request, type Response } from 'express';
import type { ViewScope } from '@caseload/shared';
import type { WallboardDeps } from '../../deps.ts';
import { viewFor } from '../../views/view-access.ts';
import { handle, HttpError, principal, refuse } from '../context.ts';
import { idParam } from './params.ts';

/** The live views over HTTP (CONTRACT §3), the same message a socket's `view` carries. */
export function viewRoutes(deps: WallboardDeps): Router {
  const r = Router();
  const serve = (scope: ViewScope, param?: string) =>
    handle(async (req: Request, res: Response) => {
      const id = param ? idParam(req, param) : undefined;
      const found = await viewFor(principal(res), scope, id, deps.views);
      if (!found.ok) {
        if (found.error === 'forbidden') await refuse(deps, req, res, 403, 'forbidden', { scope, id: id ?? null });
        throw new HttpError(404, 'not_found');
      }
      res.set('Cache-Control', 'no-store').json(found.message);
    });
  r.get('/api/views/unit/:unitId', serve('unit', 'unitId'));
  r.get('/api/views/site/:siteId', serve('site', 'siteId'));
  r.get('/api/views/sites', serve('sites'));
  return r;
}
