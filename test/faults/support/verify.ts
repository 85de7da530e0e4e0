import { redisKeys, UnitView } from '@caseload/shared';
import type { RedisClient } from './stack.ts';
import type { Expected } from './workload.ts';

/** Per-worker figures of one unit view, as the processor stored it. */
export type WorkerFigures = Map<string, { notes: number; contacts: number }>;

export interface Comparison {
  /** Counts the processor is missing (expected − observed, summed where positive). */
  lost: number;
  /** Counts the processor has too many of (observed − expected, summed where positive). */
  doubled: number;
  /** Note records (drill-down) missing from Redis. */
  missingRecords: number;
  /** The first few differing workers, for the failure message. */
  mismatches: string[];
}

/** Pure: compares observed per-worker figures with the expected counts. */
export function compareFigures(expected: Expected, observed: WorkerFigures): Omit<Comparison, 'missingRecords'> {
  let lost = 0;
  let doubled = 0;
  const mismatches: string[] = [];
  for (const workerId of expected.unitOf.keys()) {
    const want = { notes: expected.notes.get(workerId) ?? 0, contacts: expected.contacts.get(workerId) ?? 0 };
    const got = observed.get(workerId);
    const dn = (got?.notes ?? 0) - want.notes;
    const dc = (got?.contacts ?? 0) - want.contacts;
    lost += Math.max(0, -dn) + Math.max(0, -dc);
    doubled += Math.max(0, dn) + Math.max(0, dc);
    if (!got || dn || dc)
      mismatches.push(
        `${workerId}: notes ${got?.notes ?? '∅'}/${want.notes}, contacts ${got?.contacts ?? '∅'}/${want.contacts}`,
      );
  }
  return { lost, doubled, mismatches: mismatches.slice(0, 10) };
}

/** The unit views' worker figures for every unit the workload names. */
export async function readFigures(redis: RedisClient, unitIds: string[]): Promise<WorkerFigures> {
  const out: WorkerFigures = new Map();
  const raws = await Promise.all(unitIds.map((u) => redis.get(redisKeys.view('unit', u))));
  for (const raw of raws) {
    if (!raw) continue;
    const view = UnitView.parse((JSON.parse(raw) as { view: unknown }).view);
    for (const w of view.workers) out.set(w.workerId, { notes: w.notesInWindow, contacts: w.contactsInWindow });
  }
  return out;
}

/** The latest stored `seq` of each unit view. */
export async function readSeqs(redis: RedisClient, unitIds: string[]): Promise<Map<string, number>> {
  const raws = await Promise.all(unitIds.map((u) => redis.get(redisKeys.view('unit', u))));
  return new Map(unitIds.map((u, i) => [u, raws[i] ? (JSON.parse(raws[i]) as { seq: number }).seq : -1]));
}

async function missingNoteRecords(redis: RedisClient, noteIds: string[]): Promise<number> {
  let missing = 0;
  for (let i = 0; i < noteIds.length; i += 500) {
    const chunk = noteIds.slice(i, i + 500);
    const n = await redis.exists(chunk.map((id) => redisKeys.note(id)));
    missing += chunk.length - n;
  }
  return missing;
}

export async function compareWithExpected(
  redis: RedisClient,
  unitIds: string[],
  expected: Expected,
): Promise<Comparison> {
  const figures = compareFigures(expected, await readFigures(redis, unitIds));
  const missingRecords = await missingNoteRecords(redis, expected.noteIds);
  return {
    ...figures,
    lost: figures.lost + missingRecords,
    missingRecords,
    mismatches: missingRecords ? [`${missingRecords} note records missing`, ...figures.mismatches] : figures.mismatches,
  };
}
