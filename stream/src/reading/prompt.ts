import type { LoadedDictionary } from '@caseload/shared';
import { z } from 'zod';

/**
 * The versioned prompt. Any change to the wording or the answer shape must bump PROMPT_VERSION:
 * the version is part of the cache key, so readings made with an older prompt are never reused.
 */
export const PROMPT_VERSION = 'note-reader-2026-11-1';

/** A fixed seed with temperature 0: Groq's closest offer to the same answer for the same input. */
export const SEED = 20261124;

/** The answer the model must give (JSON mode), validated before anything is used. */
export const LlmAnswer = z.object({
  findings: z
    .array(
      z.object({
        code: z.string().min(1),
        quote: z.string().min(1),
        negated: z.boolean(),
        hypothetical: z.boolean(),
        historical: z.boolean(),
        experiencer: z.enum(['client', 'other']),
      }),
    )
    .max(200),
});
export type LlmAnswer = z.infer<typeof LlmAnswer>;

export function buildMessages(text: string, dictionary: LoadedDictionary) {
  const codes = [...dictionary.riskCodes, ...dictionary.themes].map((c) => `- ${c.id}: ${c.definition}`).join('\n');
  const system = [
    'You read social-services case notes and list every mention of the codes below.',
    'Codes:',
    codes,
    'For each mention give: code (one of the ids above), quote (the shortest exact words copied',
    'character for character from the note that show the mention; never paraphrase), and its context:',
    'negated (denied, ruled out, absent), hypothetical (if, could, at risk of, future worry),',
    'historical (in the past, history of, none since), experiencer ("client" for anyone in the',
    'household — the client, the children, a partner or a parent\'s partner living there; "other"',
    'for a person outside it speaking of their own situation).',
    'Answer with JSON only: {"findings":[{"code":"...","quote":"...","negated":false,"hypothetical":false,"historical":false,"experiencer":"client"}]}',
  ].join('\n');
  return [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: `Case note:\n"""\n${text}\n"""` },
  ];
}
