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

/** What is known of a POST /v1/events before its body is read. */
export interface EventsRequestHead {
  caller: Caller;
  mode: Mode;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * The checks made from the headers alone, so cheap refusals (401, 415) come before the body is
 * read. Throws HttpError.
 */
export function eventsRequestHead(deps: EventsRouteDeps, headers: Headers): EventsRequestHead {
  return { caller: deps.keys.authenticate(headerValue(headers.authorization)), mode: modeOf(headers) };
}

/**
 * POST /v1/events once the body is in: query → JSON → validate → site scope → seal and publish,
 * awaiting every ack → the 202 answer's body. Every refusal is thrown as an HttpError (a NATS
 * outage as NatsUnavailableError). Shared by the express route and the fast lane (events-fast-lane.ts).
 */
export async function acceptEvents(
  deps: EventsRouteDeps,
  head: EventsRequestHead,
  modeQuery: unknown,
  body: Buffer,
  headers: Headers,
): Promise<Record<string, unknown>> {
  const { caller, mode } = head;
  const partial = partialMode(modeQuery);
  const { events } = parseBody(mode, body, headers);
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

  let duplicates = 0;
  for (const d of duplicateFlags) if (d) duplicates++;
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
  return {
    accepted: accepted.length,
    duplicates,
    ids: accepted.map((a) => a.event.id),
    ...(partial ? { rejected } : {}),
  };
}

/**
 * POST /v1/events through express: authenticate → content type → body (≤ 10 MB, any
 * Content-Encoding body-parser inflates) → acceptEvents → 202. Plain requests with a known length
 * take the fast lane instead (events-fast-lane.ts), with the same answers.
 */
export function eventsRoute(deps: EventsRouteDeps): Router {
  const router = Router();
  router.post(
    '/v1/events',
    (req, res, next) => {
      res.locals.head = eventsRequestHead(deps, req.headers);
      next();
    },
    express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }),
    async (req: Request, res: Response) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const answer = await acceptEvents(deps, res.locals.head as EventsRequestHead, req.query.mode, body, req.headers);
      res.status(202).json(answer);
    },
  );
  return router;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
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
