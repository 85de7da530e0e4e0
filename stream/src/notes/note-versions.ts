import { NoteFindingsRefined, type StoredEvent, type NoteFindingsRefined as Refined } from '@caseload/shared';
import type { PartitionState } from '../state/partition-state.ts';

/** A note version read just now, to hand to the LLM reading. */
export interface ReadNoteVersion {
  unitId: string;
  noteId: string;
  noteVersion: number;
  text: string;
}

/**
 * After a note event was applied with its built-in reading: when it set the note's text (a new
 * note, or an amendment of a counted one), records the stream sequence as the note's version and
 * returns what an LLM refinement needs; a repeated noteId or an amendment of a retracted note gives
 * nothing.
 */
export function noteVersionApplied(
  state: PartitionState,
  e: StoredEvent,
  seq: number,
  knownBefore: boolean,
  text: string,
): ReadNoteVersion | undefined {
  if (e.type !== 'caseload.note.submitted' && e.type !== 'caseload.note.amended') return undefined;
  const { noteId, unitId } = e.data;
  const n = state.notes.get(noteId);
  if (!n || n.x === 1 || (e.type === 'caseload.note.submitted' && knownBefore)) return undefined;
  state.setNoteVersion(noteId, seq);
  return { unitId, noteId, noteVersion: seq, text };
}

/** The refined reading in a message, validated; undefined when it is not one. */
export function parseRefined(raw: unknown): Refined | undefined {
  const parsed = NoteFindingsRefined.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Applies a refined reading to the state: the note's findings are replaced when the note's
 * current version is the one that was read, and left alone when it was amended or retracted since.
 * True when applied (the note's stored record must then be updated).
 */
export function applyRefined(state: PartitionState, r: Refined): boolean {
  if (!state.ownsUnit(r.data.unitId)) return false;
  return state.refineNote(r.data.noteId, r.data.noteVersion, r.data.findings);
}
