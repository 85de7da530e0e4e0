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
  const sourceBytes = Buffer.byteLength(source, 'utf8');
  const idBytes = Buffer.byteLength(id, 'utf8');
  const n = 8 + sourceBytes + idBytes;
  // One reused buffer, one hash update: ingest computes this for every event it accepts.
  if (encoded.length < n) encoded = Buffer.allocUnsafe(Math.max(n, 2 * encoded.length));
  encoded.writeUInt32BE(sourceBytes, 0);
  encoded.writeUInt32BE(idBytes, 4);
  encoded.write(source, 8, 'utf8');
  encoded.write(id, 8 + sourceBytes, 'utf8');
  return createHash('sha256').update(encoded.subarray(0, n)).digest('base64url');
}

let encoded = Buffer.allocUnsafe(512);

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
