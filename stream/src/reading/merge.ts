import { citationAt, isCurrent, type LoadedDictionary, type NoteFinding } from '@caseload/shared';
import type { CheckedFinding } from './verify.ts';

export type RefinedFinding = NoteFinding & { source: 'builtin' | 'llm' };

/**
 * The merge rule, applied the same way to a fresh and to a cached LLM reading:
 * 1. Every built-in finding stays (the LLM can never remove a citation).
 * 2. An LLM finding whose span overlaps a built-in finding of the same code is the same mention:
 *    the built-in span and quote stay, the LLM's context (and so `current`) replaces the built-in
 *    one, and the finding is marked `source: "llm"`. The LLM reads the whole note; the built-in
 *    reader sees trigger words within a window.
 * 3. Any other LLM finding is added with `source: "llm"`, cited by its verified span.
 * LLM findings reach this point only with a quote found verbatim in the note (see verify.ts).
 */
export function mergeFindings(
  text: string,
  builtIn: NoteFinding[],
  llm: CheckedFinding[],
  dictionary: LoadedDictionary,
): RefinedFinding[] {
  const kinds = new Map<string, 'risk' | 'theme'>([
    ...dictionary.riskCodes.map((c) => [c.id, 'risk'] as const),
    ...dictionary.themes.map((c) => [c.id, 'theme'] as const),
  ]);
  const out: RefinedFinding[] = builtIn.map((f) => ({ ...f, source: 'builtin' as const }));
  for (const l of llm) {
    const same = out.find((f) => f.code === l.code && f.start < l.end && l.start < f.end);
    if (same) {
      same.context = l.context;
      same.current = isCurrent(l.context);
      same.source = 'llm';
      continue;
    }
    const kind = kinds.get(l.code);
    if (!kind) continue;
    const { paragraph, sentence } = citationAt(text, l.start);
    out.push({
      code: l.code,
      kind,
      paragraph,
      start: l.start,
      end: l.end,
      quote: text.slice(l.start, l.end),
      sentence,
      context: l.context,
      current: isCurrent(l.context),
      source: 'llm',
    });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
