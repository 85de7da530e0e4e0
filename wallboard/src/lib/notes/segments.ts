/**
 * Cuts a paragraph into plain and marked pieces for the note page. Spans are the findings' offsets
 * within the paragraph; overlapping spans merge into one mark that lists every finding it holds,
 * so no character is shown twice and no finding is lost.
 */
export interface Span<F> {
  start: number;
  end: number;
  finding: F;
}

export interface Segment<F> {
  text: string;
  findings: F[];
}

export function segments<F>(text: string, spans: Span<F>[]): Segment<F>[] {
  const valid = spans
    .map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment<F>[] = [];
  let at = 0;
  let i = 0;
  while (i < valid.length) {
    const first = valid[i]!;
    let end = first.end;
    const held = [first.finding];
    i++;
    while (i < valid.length && valid[i]!.start < end) {
      end = Math.max(end, valid[i]!.end);
      held.push(valid[i]!.finding);
      i++;
    }
    const start = Math.max(first.start, at);
    if (start > at) out.push({ text: text.slice(at, start), findings: [] });
    if (end > start) out.push({ text: text.slice(start, end), findings: held });
    at = Math.max(at, end);
  }
  if (at < text.length) out.push({ text: text.slice(at), findings: [] });
  return out;
}
