import type { CaseloadEvent } from '../schemas/events.ts';
import { isSealed, openText, sealText, type NoteKeyring } from '../crypto/note-crypto.ts';

/**
 * The form an event takes on JetStream and beyond: the CloudEvent as received (with defaults
 * applied), its note text sealed. `receivedAt` is when ingest accepted it, for lag.
 */
export type StoredEvent = CaseloadEvent & { receivedAt: string };

function hasText(e: CaseloadEvent): e is Extract<CaseloadEvent, { data: { text: string } }> {
  return e.type === 'caseload.note.submitted' || e.type === 'caseload.note.amended';
}

export function sealEvent(e: CaseloadEvent, ring: NoteKeyring, receivedAt: string): StoredEvent {
  if (!hasText(e)) return { ...e, receivedAt } as StoredEvent;
  return { ...e, data: { ...e.data, text: sealText(e.data.text, ring) }, receivedAt } as StoredEvent;
}

/** The note text of a stored note event, decrypted; undefined for other events. */
export function noteTextOf(e: StoredEvent, ring: NoteKeyring): string | undefined {
  if (!hasText(e)) return undefined;
  return isSealed(e.data.text) ? openText(e.data.text, ring) : e.data.text;
}
