import { z } from 'zod';

/** How a mention stands in its sentence (NegEx / ConText). */
export const MentionContext = z.object({
  negated: z.boolean(),
  hypothetical: z.boolean(),
  historical: z.boolean(),
  /** "client": anyone in the case's household; "other": a person outside it. */
  experiencer: z.enum(['client', 'other']),
});

/** One mention of a risk code or theme, with its citation. `quote === text.slice(start, end)`. */
export const NoteFinding = z.object({
  code: z.string(),
  kind: z.enum(['risk', 'theme']),
  /** 0-based index of the blank-line-separated paragraph. */
  paragraph: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  quote: z.string(),
  sentence: z.string(),
  context: MentionContext,
  /** Not negated, not hypothetical or future, not historical, about the household: a flag. */
  current: z.boolean(),
});

/** A reading records the dictionary version that produced it. */
export const Reading = z.object({
  dictionaryVersion: z.string(),
  findings: z.array(NoteFinding),
});

export type MentionContext = z.infer<typeof MentionContext>;
export type NoteFinding = z.infer<typeof NoteFinding>;
export type Reading = z.infer<typeof Reading>;

export function isCurrent(c: MentionContext): boolean {
  return !c.negated && !c.hypothetical && !c.historical && c.experiencer === 'client';
}
