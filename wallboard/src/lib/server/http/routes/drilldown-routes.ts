import { isSealed, openText, type NoteRecord, type SignalRecord } from '@caseload/shared';
import { Router } from 'express';
import { z } from 'zod';
import { canDrillDown, noteAccess } from '../../auth/policy.ts';
import type { WallboardDeps } from '../../deps.ts';
import { buildNoteView, quoteOf } from '../../drilldown/note-view.ts';
import type { RecordReader } from '../../drilldown/records.ts';
import { audit, handle, HttpError, principal, refuse } from '../context.ts';
import { idParam } from './params.ts';

const Reason = z.string().trim().min(3).max(500);

/** Signals with quoted evidence, notes (audited), worker pages, the pool and the capacity log. */
export function drilldownRoutes(deps: WallboardDeps, records: RecordReader): Router {
  const r = Router();

  const open = (note: NoteRecord): string => {
    if (!isSealed(note.sealedText)) throw new HttpError(503, 'note_unreadable');
    try {
      return openText(note.sealedText, deps.config.keyring);
    } catch (e) {
      deps.log.error({ noteId: note.noteId, err: (e as Error).message }, 'note could not be opened');
      throw new HttpError(503, 'note_unreadable');
    }
  };

  /** Evidence with each quote resolved from its note (each note opened once). */
  const withQuotes = async (signal: SignalRecord) => {
    const texts = new Map<string, string | null>();
    for (const noteId of new Set(signal.evidence.map((e) => e.noteId))) {
      const note = await records.note(noteId);
      texts.set(noteId, note ? open(note) : null);
    }
    return signal.evidence.map((e) => {
      const text = texts.get(e.noteId);
      return text ? { ...e, quote: quoteOf(text, e.start, e.end) } : e;
    });
  };

  r.get(
    '/api/signals/:signalId',
    handle(async (req, res) => {
      const p = principal(res);
      const signalId = idParam(req, 'signalId');
      if (!['lead', 'supervisor', 'operations'].includes(p.role))
        await refuse(deps, req, res, 403, 'forbidden', { signalId });
      const signal = await records.signal(signalId);
      if (!signal) throw new HttpError(404, 'not_found');
      if (!canDrillDown(p, signal)) await refuse(deps, req, res, 403, 'forbidden', { signalId });
      const status = await records.signalStatus(signalId);
      const access = noteAccess(p, signal);
      // Quotes are note text: operations see them only through a break-glass read with a reason.
      const reason = Reason.safeParse(req.query.reason);
      let evidence = signal.evidence;
      if (access === 'allow' || (access === 'breakglass' && reason.success)) {
        evidence = await withQuotes(signal);
        await audit(deps, req, res, access === 'allow' ? 'signal.read' : 'note.breakglass', {
          signalId,
          notes: [...new Set(signal.evidence.map((e) => e.noteId))].join(','),
          ...(access === 'breakglass' && reason.success ? { reason: reason.data } : {}),
        });
      }
      res.set('Cache-Control', 'no-store').json({ ...signal, evidence, ...(status ? { statusRecord: status } : {}) });
    }),
  );

  r.get(
    '/api/notes/:noteId',
    handle(async (req, res) => {
      const p = principal(res);
      const noteId = idParam(req, 'noteId');
      if (!['lead', 'supervisor', 'operations'].includes(p.role))
        await refuse(deps, req, res, 403, 'forbidden', { noteId });
      const note = await records.note(noteId);
      if (!note) throw new HttpError(404, 'not_found');
      const ref = { unitId: note.unitId, siteId: note.siteId ?? (await records.unitRef(note.unitId)).siteId };
      const access = noteAccess(p, ref);
      if (access === 'forbidden') await refuse(deps, req, res, 403, 'forbidden', { noteId });
      const reason = Reason.safeParse(req.query.reason);
      if (access === 'breakglass' && !reason.success)
        await refuse(deps, req, res, 403, 'breakglass_reason_required', { noteId });
      let via: string | null = null;
      if (req.query.via !== undefined) {
        const viaId = z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .safeParse(req.query.via);
        const signal = viaId.success ? await records.signal(viaId.data) : null;
        if (!signal || !signal.evidence.some((e) => e.noteId === noteId)) throw new HttpError(400, 'invalid_via');
        via = signal.signalId;
      }
      const view = buildNoteView(note, open(note));
      await audit(deps, req, res, access === 'allow' ? 'note.read' : 'note.breakglass', {
        noteId,
        caseId: note.caseId,
        unitId: note.unitId,
        signalId: via,
        ...(access === 'breakglass' && reason.success ? { reason: reason.data } : {}),
      });
      res.set('Cache-Control', 'no-store').json(view);
    }),
  );

  r.get(
    '/api/workers/:workerId',
    handle(async (req, res) => {
      const p = principal(res);
      const workerId = idParam(req, 'workerId');
      if (!['lead', 'supervisor', 'operations'].includes(p.role))
        await refuse(deps, req, res, 403, 'forbidden', { workerId });
      const worker = await records.worker(workerId);
      if (!worker) throw new HttpError(404, 'not_found');
      if (!canDrillDown(p, worker)) await refuse(deps, req, res, 403, 'forbidden', { workerId });
      res.set('Cache-Control', 'no-store').json(worker);
    }),
  );

  r.get(
    '/api/pool/:unitId',
    handle(async (req, res) => {
      const unitId = idParam(req, 'unitId');
      if (!canDrillDown(principal(res), await records.unitRef(unitId)))
        await refuse(deps, req, res, 403, 'forbidden', { unitId });
      const pool = await records.pool(unitId);
      if (!pool) throw new HttpError(404, 'not_found');
      res.set('Cache-Control', 'no-store').json(pool);
    }),
  );

  r.get(
    '/api/units/:unitId/capacity-log',
    handle(async (req, res) => {
      const unitId = idParam(req, 'unitId');
      if (!canDrillDown(principal(res), await records.unitRef(unitId)))
        await refuse(deps, req, res, 403, 'forbidden', { unitId });
      const limit = z.coerce.number().int().min(1).max(500).catch(100).parse(req.query.limit);
      res.set('Cache-Control', 'no-store').json({ unitId, entries: await records.capacityLog(unitId, limit) });
    }),
  );

  return r;
}
