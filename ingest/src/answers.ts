import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from './http-error.ts';
import { NatsUnavailableError } from './publisher/unavailable.ts';

/** Seconds a client is told to wait after a 503. */
export const RETRY_AFTER_SECONDS = 2;

/** Logs a refusal or failure and answers it; used by express's error path and the fast lane alike. */
export function answerError(deps: { logger: Logger }, res: ServerResponse, err: unknown): void {
  const e = toHttpError(err);
  if (e.status >= 500) deps.logger.error({ err }, e.message);
  else deps.logger.debug({ status: e.status, error: e.error }, 'request refused');
  writeJson(res, e.status, e.body(), e.headers);
}

/** A JSON answer, with the headers express's res.json() would give it. */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof NatsUnavailableError)
    return new HttpError(
      503,
      'unavailable',
      `${err.message}; retry later`,
      {},
      {
        'Retry-After': String(RETRY_AFTER_SECONDS),
      },
    );
  const parserType = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  if (parserType === 'entity.too.large')
    return new HttpError(413, 'payload_too_large', 'the request body is larger than 10 MB');
  if (parserType === 'encoding.unsupported')
    return new HttpError(415, 'unsupported_media_type', 'unsupported Content-Encoding');
  if (parserType === 'request.aborted') return new HttpError(400, 'aborted', 'the request was aborted');
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
  if (status >= 400 && status < 500) return new HttpError(status, 'bad_request', 'the request could not be read');
  return new HttpError(500, 'internal', 'internal error');
}
