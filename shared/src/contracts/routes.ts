import { createHash } from 'node:crypto';
import { ROSTER_TYPES, type CaseloadEvent } from '../schemas/events.ts';
import { SITE_TOKEN, eventSubject, partitionOf } from './subjects.ts';

/** One copy of an event on JetStream: where it goes and the id JetStream de-duplicates it by. */
export interface Route {
  subject: string;
  msgId: string;
}

/**
 * The de-duplication id of the pair (source, id): SHA-256 over a length-prefixed encoding, so no
 * two distinct pairs encode the same bytes ("a:b" + "c" vs "a" + "b:c" cannot meet).
 */
export function msgIdOf(source: string, id: string): string {
  const s = Buffer.from(source, 'utf8');
  const i = Buffer.from(id, 'utf8');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(s.length, 0);
  head.writeUInt32BE(i.length, 4);
  return createHash('sha256').update(head).update(s).update(i).digest('base64url');
}

/**
 * Where an event is published. A unit's events go to its partition; roster events go to every
 * partition (each processor needs the whole roster); a transfer goes to both units' partitions.
 * Copies of one event carry the partition in their msg id so JetStream keeps each once.
 */
export function routesOf(e: CaseloadEvent, partitions: number, baseId = msgIdOf(e.source, e.id)): Route[] {
  const unit = e.type === 'caseload.site.upserted' ? SITE_TOKEN : e.data.unitId;
  if (ROSTER_TYPES.has(e.type)) {
    const out: Route[] = [];
    for (let k = 0; k < partitions; k++) out.push({ subject: eventSubject(k, unit, e.type), msgId: `${baseId}.p${k}` });
    return out;
  }
  const home = partitionOf(unit, partitions);
  if (e.type === 'caseload.case.assigned' && e.data.fromUnitId && e.data.fromUnitId !== e.data.unitId) {
    const from = partitionOf(e.data.fromUnitId, partitions);
    if (from !== home)
      return [
        { subject: eventSubject(home, unit, e.type), msgId: `${baseId}.p${home}` },
        { subject: eventSubject(from, e.data.fromUnitId, e.type), msgId: `${baseId}.p${from}` },
      ];
  }
  return [{ subject: eventSubject(home, unit, e.type), msgId: baseId }];
}
