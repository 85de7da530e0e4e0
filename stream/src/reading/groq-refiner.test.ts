import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readNote } from '@caseload/shared';
import { testServers } from '@caseload/shared/testing';
import { Registry } from 'prom-client';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGroqRefiner, groqRefinerFromConfig, type LlmAuditEntry } from './groq-refiner.ts';
import { PROMPT_VERSION, SEED } from './prompt.ts';

/** A local server that speaks Groq's chat-completions API; each test scripts its answers. */
type Reply = { status?: number; headers?: Record<string, string>; content?: string } | 'hang';
interface Seen {
  at: number;
  body: Record<string, unknown>;
}

let server: Server;
let baseURL: string;
let replies: Reply[] = [];
let seen: Seen[] = [];
const hanging: (() => void)[] = [];

function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

const redis = createClient({ url: testServers().redisUrl });

beforeAll(async () => {
  await redis.connect();
  server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/openai/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    seen.push({ at: Date.now(), body: await bodyOf(req) });
    const reply = replies.shift() ?? { status: 500 };
    if (reply === 'hang') {
      hanging.push(() => res.destroy());
      return;
    }
    const status = reply.status ?? 200;
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    res.end(
      JSON.stringify(status === 200 ? completion(reply.content ?? '{"findings":[]}') : { error: { message: 'x' } }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hanging.forEach((h) => h());
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await redis.quit();
});

beforeEach(() => {
  replies = [];
  seen = [];
});

function refiner(extra: Partial<Parameters<typeof createGroqRefiner>[0]> = {}) {
  const audit: LlmAuditEntry[] = [];
  const registry = new Registry();
  const r = createGroqRefiner({
    redis,
    apiKey: 'gsk_test',
    model: 'test-model',
    baseURL,
    audit: (e) => void audit.push(e),
    keyPrefix: `test:groq-refiner:${randomUUID()}:`,
    registry,
    timeoutMs: 2000,
    ...extra,
  });
  const counter = async (name: string, labels: Record<string, string>) => {
    const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
    const v = (m?.values ?? []).find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l));
    return v?.value ?? 0;
  };
  return { r, audit, counter };
}

const answer = (findings: object[]) => JSON.stringify({ findings });
const ctx = { negated: false, hypothetical: false, historical: false, experiencer: 'client' };

describe('Groq refiner against a local chat-completions server', () => {
  const text = 'Mom reports the boyfriend hit her last night.\n\nShe has been skipping meals so the kids can eat.';

  it('merges a normal answer by the documented rule and sends a deterministic request', async () => {
    const { r, audit } = refiner();
    const builtIn = readNote(text);
    expect(builtIn.some((f) => f.code === 'domestic_violence' && f.current)).toBe(true);
    replies = [
      {
        content: answer([
          { code: 'domestic_violence', quote: 'hit her', ...ctx, historical: true },
          { code: 'caregiver_strain', quote: 'so the kids can eat', ...ctx },
        ]),
      },
    ];
    const out = (await r.refine('note-1', text, builtIn))!;
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      seed: SEED,
      response_format: { type: 'json_object' },
    });
    expect(audit).toEqual([expect.objectContaining({ noteId: 'note-1', model: 'test-model', attempt: 1 })]);
    expect(audit[0]!.promptVersion).toBe(PROMPT_VERSION);
    // The overlapping mention keeps its built-in span but takes the LLM's context.
    const dv = out.find((f) => f.code === 'domestic_violence')!;
    expect(dv).toMatchObject({ source: 'llm', current: false, quote: 'hit her' });
    expect(dv.context.historical).toBe(true);
    // A new code is added with its verified span, paragraph and sentence.
    const cg = out.find((f) => f.code === 'caregiver_strain')!;
    expect(cg).toMatchObject({ source: 'llm', paragraph: 1, current: true });
    expect(cg.sentence).toBe('She has been skipping meals so the kids can eat.');
    // Built-in findings are never dropped.
    expect(out.filter((f) => f.source === 'builtin').length).toBe(builtIn.length - 1);
    for (const f of out) expect(f.quote).toBe(text.slice(f.start, f.end));
  });

  it('serves a cached reading without asking again, also from a new instance', async () => {
    const prefix = `test:groq-refiner:${randomUUID()}:`;
    const first = refiner({ keyPrefix: prefix });
    replies = [{ content: answer([{ code: 'food_insecurity', quote: 'skipping meals', ...ctx }]) }];
    const a = await first.r.refine('note-2', text, readNote(text));
    expect(seen).toHaveLength(1);
    const b = await first.r.refine('note-2', text, readNote(text));
    const restarted = refiner({ keyPrefix: prefix });
    const c = await restarted.r.refine('note-2b', text, readNote(text));
    expect(seen).toHaveLength(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(first.audit).toHaveLength(1);
    expect(restarted.audit).toHaveLength(0);
    expect(await first.counter('caseload_llm_readings_total', { result: 'cached' })).toBe(1);
    // What is stored holds codes and spans, never the note's text.
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    const stored = (await redis.get(keys[0]!))!;
    expect(stored).not.toContain('skipping');
    expect(JSON.parse(stored).findings[0]).toMatchObject({ code: 'food_insecurity', start: text.indexOf('skipping') });
  });

  it('waits for Retry-After on a 429, then reads; gives up when the wait is too long', async () => {
    const { r, audit, counter } = refiner();
    replies = [
      { status: 429, headers: { 'retry-after': '1' } },
      { content: answer([{ code: 'food_insecurity', quote: 'skipping meals', ...ctx }]) },
    ];
    const out = await r.refine('note-3', text, readNote(text));
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(900);
    expect(out).toBeDefined();
    expect(audit.map((a) => a.attempt)).toEqual([1, 2]);
    expect(await counter('caseload_llm_requests_total', { outcome: 'rate_limited' })).toBe(1);

    const impatient = refiner({ maxRetryAfterMs: 5000 });
    replies = [{ status: 429, headers: { 'retry-after': '120' } }];
    seen = [];
    expect(await impatient.r.refine('note-3b', text + ' ', readNote(text))).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('times out and gives up cleanly, caching nothing', async () => {
    const { r, counter } = refiner({ timeoutMs: 300 });
    replies = ['hang'];
    const t0 = Date.now();
    expect(await r.refine('note-4', text, readNote(text))).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await counter('caseload_llm_requests_total', { outcome: 'timeout' })).toBe(1);
    expect(await counter('caseload_llm_readings_total', { result: 'gave_up' })).toBe(1);
    replies = [{ content: answer([]) }];
    expect(await r.refine('note-4', text, readNote(text))).toBeDefined();
    expect(seen).toHaveLength(2);
  });

  it('rejects malformed JSON and answers of the wrong shape', async () => {
    const { r, counter } = refiner();
    replies = [{ content: '{"findings": [ {"code": "legal", ' }, { content: answer([{ code: 'legal' }]) }];
    expect(await r.refine('note-5', text, readNote(text))).toBeUndefined();
    expect(await r.refine('note-5', text, readNote(text))).toBeUndefined();
    expect(seen).toHaveLength(2);
    expect(await counter('caseload_llm_requests_total', { outcome: 'malformed' })).toBe(2);
  });

  it('drops a finding whose quote is not in the note and counts it', async () => {
    const { r, counter } = refiner();
    replies = [
      {
        content: answer([
          { code: 'suicide_self_harm', quote: 'said she wants to die', ...ctx },
          { code: 'no_such_code', quote: 'hit her', ...ctx },
          { code: 'food_insecurity', quote: 'skipping meals', ...ctx },
        ]),
      },
    ];
    const out = (await r.refine('note-6', text, readNote(text)))!;
    expect(out.some((f) => f.code === 'suicide_self_harm')).toBe(false);
    expect(out.some((f) => f.code === 'no_such_code')).toBe(false);
    expect(out.some((f) => f.code === 'food_insecurity')).toBe(true);
    expect(await counter('caseload_llm_citations_dropped_total', { reason: 'quote_not_found' })).toBe(1);
    expect(await counter('caseload_llm_citations_dropped_total', { reason: 'unknown_code' })).toBe(1);
  });

  it('bounds the queue: beyond it a note keeps its built-in reading at once', async () => {
    const { r, counter } = refiner({ concurrency: 1, maxQueued: 1, timeoutMs: 400 });
    replies = ['hang', 'hang'];
    const results = await Promise.all(['a', 'b', 'c'].map((s) => r.refine(`note-7${s}`, `${text} ${s}`, [])));
    expect(results).toEqual([undefined, undefined, undefined]);
    expect(seen).toHaveLength(2);
    expect(await counter('caseload_llm_readings_total', { result: 'queue_full' })).toBe(1);
  });

  it('is opt-in: no GROQ_API_KEY, no refiner', async () => {
    const deps = { redis, audit: () => {}, registry: new Registry(), keyPrefix: `test:groq-refiner:${randomUUID()}:` };
    expect(groqRefinerFromConfig({ GROQ_MODEL: 'm' }, deps)).toBeUndefined();
    const r = groqRefinerFromConfig({ GROQ_API_KEY: 'gsk_x', GROQ_MODEL: 'test-model', GROQ_BASE_URL: baseURL }, deps)!;
    replies = [{ content: answer([]) }];
    expect(await r.refine('note-8', `${text} opt-in`, [])).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('uses and caches nothing when the audit log refuses the entry, and the built-in reading stands', async () => {
    const prefix = `test:groq-refiner:${randomUUID()}:`;
    const { r, counter } = refiner({
      keyPrefix: prefix,
      audit: () => {
        throw new Error('audit log unavailable');
      },
    });
    replies = [{ content: answer([{ code: 'food_insecurity', quote: 'skipping meals', ...ctx }]) }];
    expect(await r.refine('note-9', `${text} audit`, [])).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(await counter('caseload_llm_readings_total', { result: 'failed' })).toBe(1);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('audits each request once with its outcome', async () => {
    const { r, audit } = refiner({ timeoutMs: 300 });
    replies = [{ status: 429, headers: { 'retry-after': '0' } }, 'hang'];
    expect(await r.refine('note-10', `${text} outcome`, [])).toBeUndefined();
    expect(audit.map((a) => [a.noteId, a.attempt, a.outcome])).toEqual([
      ['note-10', 1, 'rate_limited'],
      ['note-10', 2, 'timeout'],
    ]);
    replies = [{ content: '{"findings": 3}' }];
    expect(await r.refine('note-11', `${text} outcome 2`, [])).toBeUndefined();
    expect(audit[2]).toMatchObject({ noteId: 'note-11', outcome: 'malformed', promptVersion: PROMPT_VERSION });
  });
});
