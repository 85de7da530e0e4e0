import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks Groq's chat-completions API (the only fake the architecture
 * allows). Each request is answered by the first rule whose `match` occurs in the note sent; a rule
 * holds a list of replies used one per request (the last one repeats).
 */
export type FakeReply =
  | { status: 200; findings: object[] }
  | { status: 429; retryAfter: string }
  | { status: 'hang' }
  | { status: 'held'; findings: object[]; release: Promise<void> };

export interface FakeGroq {
  baseURL: string;
  /** Note texts received, in order. */
  requests: string[];
  rule(match: string, replies: FakeReply[]): void;
  close(): Promise<void>;
}

function completion(content: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model: 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

async function noteOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages?: { content?: string }[] };
  return body.messages?.map((m) => m.content ?? '').join('\n') ?? '';
}

export async function startFakeGroq(): Promise<FakeGroq> {
  const rules: { match: string; replies: FakeReply[] }[] = [];
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/openai/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const note = await noteOf(req);
    requests.push(note);
    const rule = rules.find((r) => note.includes(r.match));
    const reply = rule ? (rule.replies.length > 1 ? rule.replies.shift()! : rule.replies[0]!) : undefined;
    if (!reply) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"no rule"}}');
      return;
    }
    if (reply.status === 'hang') return; // never answers; the client times out
    if (reply.status === 429) {
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': reply.retryAfter })
        .end('{"error":{"message":"rate limited"}}');
      return;
    }
    if (reply.status === 'held') await reply.release;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(completion(JSON.stringify({ findings: reply.findings }))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    rule: (match, replies) => void rules.unshift({ match, replies: [...replies] }),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
