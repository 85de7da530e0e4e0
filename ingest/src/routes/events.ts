import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { CaseloadEvent } from '@caseload/shared';
import { BODY_LIMIT_BYTES } from '../config.ts';
import { HttpError } from '../http-error.ts';
import { modeOf, parseBody, type Mode } from '../cloudevents/parse.ts';
import { validateEvents, type Accepted, type Rejected, type TimeBounds } from '../cloudevents/validate.ts';
import type { ApiKeyDirectory, Caller } from '../auth/api-keys.ts';
import { forbiddenEvents, placementsOf, unitsNamed } from '../auth/site-scope.ts';
import type { UnitSitesDirectory } from '../auth/unit-sites.ts';
import type { EventPublisher } from '../publisher/publisher.ts';
import type { IngestMetrics } from '../metrics.ts';

export interface EventsRouteDeps {
  keys: ApiKeyDirectory;
  unitSites: Pick<UnitSitesDirectory, 'sitesOf' | 'record'>;
  publisher: Pick<EventPublisher, 'publishAll'>;
  metrics: IngestMetrics;
  logger: Logger;
  bounds: TimeBounds;
}

interface Locals {
  caller: Caller;
  mode: Mode;
}

/**
 * POST /v1/events: authenticate → content type → body (≤ 10 MB) → JSON → validate → site scope →
 * seal and publish, awaiting every ack → 202. Cheap refusals come before the body is read.
 */
export function eventsRoute(deps: EventsRouteDeps): Router {
  const router = Router();
  router.post(
    '/v1/events',
    (req, res, next) => {
      const locals = res.locals as Locals;
      locals.caller = deps.keys.authenticate(req.headers.authorization);
      locals.mode = modeOf(req.headers);
      next();
    },
    express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }),
    async (req: Request, res: Response) => {
      const { caller, mode } = res.locals as Locals;
      const partial = partialMode(req.query.mode);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { events } = parseBody(mode, body, req.headers);
      const { accepted, rejected } = validateEvents(events, deps.bounds);
      deps.metrics.events.inc({ outcome: 'rejected' }, rejected.length);
      if (rejected.length > 0 && !partial) throw invalidEvents(rejected);

      await checkScope(deps, caller, accepted);

      const receivedAt = new Date().toISOString();
      const stopTimer = deps.metrics.publishSeconds.startTimer();
      const duplicateFlags = await deps.publisher.publishAll(
        accepted.map((a) => a.event),
        receivedAt,
      );
      stopTimer();
      await deps.unitSites.record(placementsOf(accepted));

      const duplicates = duplicateFlags.filter(Boolean).length;
      deps.metrics.events.inc({ outcome: 'accepted' }, accepted.length - duplicates);
      deps.metrics.events.inc({ outcome: 'duplicate' }, duplicates);
      deps.logger.info(
        {
          key: caller.keyLabel,
          mode,
          events: events.length,
          accepted: accepted.length,
          duplicates,
          rejected: rejected.length,
        },
        'events accepted',
      );
      res.status(202).json({
        accepted: accepted.length,
        duplicates,
        ids: accepted.map((a) => a.event.id),
        ...(partial ? { rejected } : {}),
      });
    },
  );
  return router;
}

function partialMode(mode: unknown): boolean {
  if (mode === undefined || mode === 'all') return false;
  if (mode === 'partial') return true;
  throw new HttpError(400, 'invalid_mode', 'the query parameter mode must be "partial" or absent');
}

function invalidEvents(rejected: Rejected[]): HttpError {
  const n = rejected.length;
  return new HttpError(400, 'invalid_events', `${n} event${n === 1 ? ' is' : 's are'} invalid; nothing was published`, {
    events: rejected,
  });
}

/** A site-limited key may send only events of units it can place in its sites (CONTRACT §2). */
async function checkScope(deps: EventsRouteDeps, caller: Caller, accepted: Accepted[]): Promise<void> {
  if (caller.scope.all || accepted.length === 0) return;
  const units = new Set<string>();
  for (const { event } of accepted) for (const u of unitsNamed(event as CaseloadEvent)) units.add(u);
  const known = await deps.unitSites.sitesOf(units);
  const forbidden = forbiddenEvents(accepted, caller.scope, known);
  if (forbidden.length > 0)
    throw new HttpError(
      403,
      'forbidden',
      `${forbidden.length} event(s) fall outside this API key's sites; nothing was published`,
      { events: forbidden },
    );
}
