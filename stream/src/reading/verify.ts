import type { LoadedDictionary, MentionContext } from '@caseload/shared';
import type { LlmAnswer } from './prompt.ts';

/** An LLM finding after its quote was found in the note: a span, never text (this is what is cached). */
export interface CheckedFinding {
  code: string;
  start: number;
  end: number;
  context: MentionContext;
}

export type DropReason = 'quote_not_found' | 'unknown_code';

/**
 * Keeps only the proposals whose code is in the dictionary and whose quote occurs verbatim in the
 * note. A quote found more than once takes its first occurrence not already cited for that code.
 */
export function checkAnswer(
  text: string,
  answer: LlmAnswer,
  dictionary: LoadedDictionary,
): { findings: CheckedFinding[]; dropped: DropReason[] } {
  const codes = new Set([...dictionary.riskCodes, ...dictionary.themes].map((c) => c.id));
  const findings: CheckedFinding[] = [];
  const dropped: DropReason[] = [];
  for (const p of answer.findings) {
    if (!codes.has(p.code)) {
      dropped.push('unknown_code');
      continue;
    }
    let start = text.indexOf(p.quote);
    while (start >= 0 && findings.some((f) => f.code === p.code && f.start === start)) {
      start = text.indexOf(p.quote, start + 1);
    }
    if (start < 0) {
      dropped.push('quote_not_found');
      continue;
    }
    findings.push({
      code: p.code,
      start,
      end: start + p.quote.length,
      context: {
        negated: p.negated,
        hypothetical: p.hypothetical,
        historical: p.historical,
        experiencer: p.experiencer,
      },
    });
  }
  findings.sort((a, b) => a.start - b.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { findings, dropped };
}
