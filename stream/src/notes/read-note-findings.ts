import { readNote, type LoadedDictionary, type StoredFinding } from '@caseload/shared';

/**
 * The one place the processor reads a note (the reader itself lives in @caseload/shared). Only
 * spans and context are kept: the reader's `quote` and `sentence` are clear text and must never
 * reach Redis or logs, so they are dropped here.
 */
export type NoteFinding = Omit<StoredFinding, 'source'> & { source?: StoredFinding['source'] };

export function readNoteFindings(text: string, dictionary: LoadedDictionary): NoteFinding[] {
  return readNote(text, dictionary).map((f) => ({
    code: f.code,
    kind: f.kind,
    paragraph: f.paragraph,
    start: f.start,
    end: f.end,
    current: f.current,
    context: f.context,
    source: 'builtin',
  }));
}
