import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CheckedFinding } from './verify.ts';

/** The few Redis commands the cache needs (a node-redis v6 client fits). */
export interface CacheRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { condition: 'NX' }): Promise<unknown>;
}

/** The key: SHA-256 of (note text, dictionary version, model, prompt version); the text is never stored. */
export function readingKey(
  prefix: string,
  text: string,
  dictionaryVersion: string,
  model: string,
  promptVersion: string,
): string {
  const h = createHash('sha256')
    .update(JSON.stringify([text, dictionaryVersion, model, promptVersion]))
    .digest('hex');
  return `${prefix}llmreading:${h}`;
}

const Cached = z.object({
  findings: z.array(
    z.object({
      code: z.string(),
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      context: z.object({
        negated: z.boolean(),
        hypothetical: z.boolean(),
        historical: z.boolean(),
        experiencer: z.enum(['client', 'other']),
      }),
    }),
  ),
});

/**
 * LLM readings, locked once stored: the first reading saved under a key (SET NX) is the one every
 * later call gets, so the same note reads the same way across retries, restarts and instances.
 */
export class ReadingCache {
  constructor(
    private readonly redis: CacheRedis,
    private readonly prefix: string,
  ) {}

  key(text: string, dictionaryVersion: string, model: string, promptVersion: string): string {
    return readingKey(this.prefix, text, dictionaryVersion, model, promptVersion);
  }

  async get(key: string): Promise<CheckedFinding[] | undefined> {
    const raw = await this.redis.get(key);
    if (raw === null) return undefined;
    const parsed = Cached.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.findings : undefined;
  }

  /** Stores the reading unless one is there already; returns the reading that is locked in. */
  async lock(key: string, findings: CheckedFinding[]): Promise<CheckedFinding[]> {
    await this.redis.set(key, JSON.stringify({ findings }), { condition: 'NX' });
    return (await this.get(key)) ?? findings;
  }
}
