import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaseloadEvent } from '@caseload/shared';

export interface RecordedPost {
  authorization: string | undefined;
  contentType: string | undefined;
  event: CaseloadEvent;
}

/**
 * Stands where ingest's `POST /v1/events` would be, for the wallboard's assignment route: it checks
 * the CloudEvent against the shared schema (400 otherwise), records it and answers 202 as ingest does.
 */
export async function startIngestRecorder(): Promise<{ url: string; posts: RecordedPost[]; close(): Promise<void> }> {
  const posts: RecordedPost[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const parsed = req.url === '/v1/events' ? CaseloadEvent.safeParse(safeParse(body)) : undefined;
    if (!parsed?.success) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_events"}');
      return;
    }
    posts.push({
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      event: parsed.data as CaseloadEvent,
    });
    res
      .writeHead(202, { 'content-type': 'application/json' })
      .end(JSON.stringify({ accepted: 1, duplicates: 0, ids: [parsed.data.id] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
