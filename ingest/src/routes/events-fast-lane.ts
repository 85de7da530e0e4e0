import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { BODY_LIMIT_BYTES } from '../config.ts';
import { HttpError } from '../http-error.ts';
import { answerError, writeJson } from '../answers.ts';
import { acceptEvents, eventsRequestHead, type EventsRouteDeps } from './events.ts';

const PATH = '/v1/events';

/**
 * The hot route without express: a plain POST /v1/events whose body has a declared length within
 * the limit and no Content-Encoding is served here; every other request (chunked or compressed
 * bodies, oversize ones, other paths and methods) goes to the express app unchanged. Both call the
 * same acceptEvents() and answer errors through the same answerError(), so the answers are the same;
 * this lane only skips express's router, body-parser streams and response helpers, which cost more
 * per request than everything else but publishing (see ingest/bench).
 */
export function withEventsFastLane(app: RequestListener, deps: EventsRouteDeps): RequestListener {
  return (req, res) => {
    const length = fastLaneLength(req);
    if (length === undefined) return app(req, res);
    void serve(deps, req, res, length);
  };
}

/** The body length of a request the fast lane takes, or undefined for express. */
export function fastLaneLength(req: IncomingMessage): number | undefined {
  if (req.method !== 'POST') return undefined;
  const url = req.url ?? '';
  if (!(url === PATH || (url.startsWith(PATH) && url[PATH.length] === '?'))) return undefined;
  const h = req.headers;
  if (h['content-encoding'] !== undefined || h['transfer-encoding'] !== undefined) return undefined;
  const declared = h['content-length'];
  if (declared === undefined || !/^\d{1,9}$/.test(declared)) return undefined;
  const length = Number(declared);
  return length <= BODY_LIMIT_BYTES ? length : undefined;
}

async function serve(deps: EventsRouteDeps, req: IncomingMessage, res: ServerResponse, length: number): Promise<void> {
  res.on('finish', () => deps.metrics.requests.inc({ route: PATH, status: String(res.statusCode) }));
  try {
    const head = eventsRequestHead(deps, req.headers);
    const body = await readBody(req, length);
    const q = req.url!.indexOf('?');
    // node:querystring, as express 5's default ("simple") query parser: ?mode=a&mode=b is an array
    const modeQuery = q < 0 ? undefined : parseQuery(req.url!.slice(q + 1)).mode;
    writeJson(res, 202, await acceptEvents(deps, head, modeQuery, body, req.headers));
  } catch (err) {
    if (!res.headersSent) answerError(deps, res, err);
  }
}

/** The whole body, copied once into a buffer of its declared length. */
function readBody(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = Buffer.allocUnsafe(length);
    let at = 0;
    const aborted = () => reject(new HttpError(400, 'aborted', 'the request was aborted'));
    req.on('data', (chunk: Buffer) => {
      if (at + chunk.length > length) return; // cannot happen: Node's parser frames the body by its length
      chunk.copy(body, at);
      at += chunk.length;
    });
    req.once('end', () => (at === length ? resolve(body) : aborted()));
    req.once('error', aborted);
    req.once('close', () => {
      if (!req.complete) aborted();
    });
  });
}
