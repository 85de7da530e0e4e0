import Groq, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'groq-sdk';
import { LlmAnswer } from './prompt.ts';

export type CallOutcome =
  | { ok: true; answer: LlmAnswer }
  | { ok: false; reason: 'rate_limited'; retryAfterMs: number | undefined }
  | { ok: false; reason: 'timeout' | 'malformed' | 'error' };

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function createGroqClient(opts: { apiKey: string; baseURL?: string; timeoutMs: number }): Groq {
  // Retries are ours (they honour Retry-After and count each request for the audit log).
  return new Groq({ apiKey: opts.apiKey, baseURL: opts.baseURL ?? null, timeout: opts.timeoutMs, maxRetries: 0 });
}

/** One chat-completions request: temperature 0, fixed seed, JSON mode, answer validated with zod. */
export async function callGroq(
  client: Groq,
  request: { model: string; seed: number; messages: { role: 'system' | 'user'; content: string }[] },
  signal?: AbortSignal,
): Promise<CallOutcome> {
  let content: string | null | undefined;
  try {
    const completion = await client.chat.completions.create(
      {
        model: request.model,
        messages: request.messages,
        temperature: 0,
        seed: request.seed,
        response_format: { type: 'json_object' },
      },
      { signal },
    );
    content = completion.choices[0]?.message?.content;
  } catch (e) {
    if (e instanceof APIConnectionTimeoutError || e instanceof APIUserAbortError)
      return { ok: false, reason: 'timeout' };
    if (e instanceof APIError && e.status === 429) {
      return { ok: false, reason: 'rate_limited', retryAfterMs: parseRetryAfter(e.headers?.get('retry-after')) };
    }
    return { ok: false, reason: 'error' };
  }
  if (!content) return { ok: false, reason: 'malformed' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = LlmAnswer.safeParse(json);
  return parsed.success ? { ok: true, answer: parsed.data } : { ok: false, reason: 'malformed' };
}
