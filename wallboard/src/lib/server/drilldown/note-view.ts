import type { NoteRecord, StoredFinding } from '@caseload/shared';

export interface ParagraphSpan {
  index: number;
  /** Offsets of the paragraph in the whole note text. */
  start: number;
  end: number;
  text: string;
}

/** Paragraphs are split by blank lines (CONTRACT §2); offsets stay those of the whole text. */
export function splitParagraphs(text: string): ParagraphSpan[] {
  const out: ParagraphSpan[] = [];
  const separator = /\r?\n[ \t]*\r?\n\s*/g;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const trimmedEnd = start + raw.trimEnd().length;
    if (trimmedEnd > start)
      out.push({ index: out.length, start, end: trimmedEnd, text: text.slice(start, trimmedEnd) });
  };
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

export type FindingView = StoredFinding & {
  /** The exact text at start..end of the note. */
  quote: string;
  /** The span within its paragraph's text, for highlighting. */
  localStart: number;
  localEnd: number;
};

export interface NoteView {
  noteId: string;
  caseId: string;
  workerId: string;
  unitId: string;
  time: string;
  contactTime?: string;
  status: NoteRecord['status'];
  paragraphs: { index: number; text: string; findings: FindingView[] }[];
}

/** The note as paragraphs with each finding placed in its paragraph and quoted (the text is already opened). */
export function buildNoteView(note: NoteRecord, text: string): NoteView {
  const paragraphs = splitParagraphs(text);
  return {
    noteId: note.noteId,
    caseId: note.caseId,
    workerId: note.workerId,
    unitId: note.unitId,
    time: note.time,
    ...(note.contactTime ? { contactTime: note.contactTime } : {}),
    status: note.status,
    paragraphs: paragraphs.map((p) => ({
      index: p.index,
      text: p.text,
      findings: note.findings
        .filter((f) => f.paragraph === p.index)
        .map((f) => ({
          ...f,
          quote: text.slice(f.start, f.end),
          localStart: clamp(f.start - p.start, 0, p.text.length),
          localEnd: clamp(f.end - p.start, 0, p.text.length),
        })),
    })),
  };
}

/** The exact text of a span of the note; empty when the span lies outside it. */
export function quoteOf(text: string, start: number, end: number): string {
  if (start < 0 || end > text.length || end < start) return '';
  return text.slice(start, end);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
