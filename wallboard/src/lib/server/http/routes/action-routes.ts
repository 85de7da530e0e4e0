import { randomUUID } from 'node:crypto';
import {
  CONTROL_SIGNAL_STATUS_SUBJECT,
  Id,
  redisKeys,
  SignalStatusRecord,
  Timestamp,
  type CaseloadEventOf,
} from '@caseload/shared';
import { Router } from 'express';
import { z } from 'zod';
import { canAct } from '../../auth/policy.ts';
import type { WallboardDeps } from '../../deps.ts';
import type { RecordReader } from '../../drilldown/records.ts';
import { audit, handle, HttpError, principal, refuse } from '../context.ts';
import { idParam } from './params.ts';

const StatusChange = z.strictObject({
  status: z.enum(['acknowledged', 'snoozed', 'resolved']),
  note: z.string().trim().min(1).max(1000),
  until: Timestamp.optional(),
});

const Assignment = z.strictObject({ workerId: Id });

function body<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success)
    throw new HttpError(400, 'invalid', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return parsed.data;
}

/** The supervisor's actions: a signal's status, and assigning a pool case through ingest. */
export function actionRoutes(deps: WallboardDeps, records: RecordReader): Router {
  const r = Router();

  r.post(
    '/api/signals/:signalId/status',
    handle(async (req, res) => {
      const p = principal(res);
      const signalId = idParam(req, 'signalId');
      if (p.role !== 'supervisor') await refuse(deps, req, res, 403, 'forbidden', { signalId });
      const change = body(StatusChange, req.body);
      if (change.status === 'snoozed' && !change.until) throw new HttpError(400, 'invalid', { field: 'until' });
      const signal = await records.signal(signalId);
      if (!signal) throw new HttpError(404, 'not_found');
      if (!canAct(p, signal)) await refuse(deps, req, res, 403, 'forbidden', { signalId });
      const record = SignalStatusRecord.parse({
        signalId,
        unitId: signal.unitId,
        status: change.status,
        note: change.note,
        ...(change.until ? { until: change.until } : {}),
        by: p.id,
        at: new Date().toISOString(),
      });
      const json = JSON.stringify(record);
      await deps.redis
        .multi()
        .set(redisKeys.signalStatus(signalId), json)
        .xAdd(redisKeys.capacityLog(signal.unitId), '*', { entry: json })
        .exec();
      deps.nats.publish(CONTROL_SIGNAL_STATUS_SUBJECT, json);
      await audit(deps, req, res, 'signal.status', { signalId, unitId: signal.unitId, status: change.status });
      res.json({ ok: true, status: record });
    }),
  );

  r.post(
    '/api/pool/:caseId/assign',
    handle(async (req, res) => {
      const p = principal(res);
      const caseId = idParam(req, 'caseId');
      if (p.role !== 'supervisor') await refuse(deps, req, res, 403, 'forbidden', { caseId });
      const { workerId } = body(Assignment, req.body);
      const worker = await records.worker(workerId);
      if (!worker) throw new HttpError(404, 'not_found', { what: 'worker' });
      if (!canAct(p, worker)) await refuse(deps, req, res, 403, 'forbidden', { caseId, workerId });
      const pool = await records.pool(worker.unitId);
      if (!pool?.cases.some((c) => c.caseId === caseId)) throw new HttpError(404, 'not_found', { what: 'case' });
      if (!deps.config.ingestApiKey) throw new HttpError(503, 'assignment_unavailable');
      const event: CaseloadEventOf<'caseload.case.assigned'> = {
        specversion: '1.0',
        id: `assign-${randomUUID()}`,
        source: `/wallboard/${deps.config.instanceId}`,
        type: 'caseload.case.assigned',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: { caseId, unitId: worker.unitId, workerId, reason: `assigned on the wallboard by ${p.id}` },
      };
      let status: number;
      try {
        const answer = await deps.fetch(new URL('/v1/events', deps.config.ingestUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/cloudevents+json',
            authorization: `Bearer ${deps.config.ingestApiKey}`,
          },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(10_000),
        });
        status = answer.status;
      } catch (e) {
        deps.log.warn({ err: (e as Error).message }, 'ingest unreachable for an assignment');
        throw new HttpError(503, 'ingest_unavailable');
      }
      if (status !== 202) {
        deps.log.warn({ status, caseId }, 'ingest refused an assignment');
        throw new HttpError(502, 'ingest_refused', { status });
      }
      await audit(deps, req, res, 'case.assign', { caseId, workerId, unitId: worker.unitId, eventId: event.id });
      res.status(202).json({ ok: true, eventId: event.id });
    }),
  );

  return r;
}
