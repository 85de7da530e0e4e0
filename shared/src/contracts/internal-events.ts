import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Id } from '../schemas/ids.ts';
import { StoredFinding } from '../schemas/records.ts';
import { EVENTS_SUBJECT_ROOT } from './subjects.ts';

/**
 * Internal messages the processor publishes into its own partitions, so they are applied in order
 * with every other event of the unit. They are NOT contract events: ingest validates against
 * `CaseloadEvent`, which does not know these types, so no producer can send one from outside.
 */
export const NOTE_FINDINGS_REFINED = 'caseload.note.findings.refined';

/** The subject suffix of a refined reading (after the unit token). */
const REFINED_SUFFIX = 'note.findings.refined';

/**
 * The LLM's refinement of one version of a note: codes and spans, never text. `noteVersion` is the
 * stream sequence of the event whose text was read; a note amended or retracted since ignores it.
 */
export const NoteFindingsRefined = z.strictObject({
  type: z.literal(NOTE_FINDINGS_REFINED),
  /** Wall time it was published (not an event time: it does not move the event clock). */
  at: z.string(),
  data: z.strictObject({
    noteId: Id,
    unitId: Id,
    noteVersion: z.number().int().min(1),
    dictionaryVersion: z.string(),
    model: z.string(),
    promptVersion: z.string(),
    findings: z.array(StoredFinding).max(2000),
  }),
});
export type NoteFindingsRefined = z.infer<typeof NoteFindingsRefined>;

export function refinedFindingsSubject(partition: number, unitId: string): string {
  return `${EVENTS_SUBJECT_ROOT}.p${partition}.${unitId}.${REFINED_SUFFIX}`;
}

export function isRefinedFindingsSubject(subject: string): boolean {
  return subject.endsWith(`.${REFINED_SUFFIX}`);
}

/**
 * The de-duplication id of a refinement: one per (note, version, cached reading), so a refinement
 * requested again after a restart is kept once by JetStream.
 */
export function refinedFindingsMsgId(noteId: string, noteVersion: number, cacheKey: string): string {
  return `refined:${createHash('sha256')
    .update(JSON.stringify([noteId, noteVersion, cacheKey]))
    .digest('base64url')}`;
}
