import { isAscii, isUtf8 } from 'node:buffer';
import { BATCH_MAX } from '../config.ts';
import { HttpError } from '../http-error.ts';

/** How a request carried its events (CloudEvents HTTP binding). */
export type Mode = 'structured' | 'binary' | 'batch';

export interface ParsedRequest {
  mode: Mode;
  /** The candidate events, not yet validated. */
  events: unknown[];
}

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';
const JSON_TYPE = 'application/json';

/** `application/json; charset=utf-8` → `{ type: 'application/json', charset: 'utf-8' }` */
export function parseContentType(header: string | undefined): { type: string; charset?: string } {
  if (!header) return { type: '' };
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const [k, v] = p.split('=', 2);
    if (k?.trim().toLowerCase() === 'charset' && v) charset = v.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** Decides the mode from the headers alone, so a wrong content type is refused before the body is read. */
export function modeOf(headers: Record<string, string | string[] | undefined>): Mode {
  const { type, charset } = parseContentType(headerValue(headers['content-type']));
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    throw new HttpError(415, 'unsupported_media_type', `charset ${charset} is not supported; send UTF-8`);
  if (type === STRUCTURED) return 'structured';
  if (type === BATCH) return 'batch';
  if (type === JSON_TYPE) return headers['ce-specversion'] !== undefined ? 'binary' : 'structured';
  throw new HttpError(
    415,
    'unsupported_media_type',
    `Content-Type must be ${STRUCTURED}, ${BATCH} or ${JSON_TYPE}` + (type ? ` (got ${type.slice(0, 100)})` : ''),
  );
}

/**
 * Turns a request body into candidate events, parsing the JSON once. JSON errors name only the
 * position: V8's own message quotes the input, which may be note text.
 */
export function parseBody(
  mode: Mode,
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
): ParsedRequest {
  // Decoding would silently turn bad bytes into U+FFFD and store a note that is not what was written.
  if (!isAscii(body) && !isUtf8(body)) throw new HttpError(400, 'invalid_utf8', 'the request body is not valid UTF-8');
  const value = mode === 'batch' ? (splitBatch(body) ?? parseJson(body)) : parseJson(body);
  if (mode === 'batch') {
    if (!Array.isArray(value)) throw new HttpError(400, 'invalid_batch', 'a batch must be a JSON array of CloudEvents');
    if (value.length < 1 || value.length > BATCH_MAX)
      throw new HttpError(400, 'invalid_batch', `a batch holds 1 to ${BATCH_MAX} events (got ${value.length})`);
    return { mode, events: value };
  }
  if (mode === 'binary') return { mode, events: [binaryEvent(headers, value)] };
  return { mode, events: [value] };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new HttpError(400, 'malformed_json', 'the request body is empty');
  try {
    return JSON.parse(decodeText(body));
  } catch (err) {
    const at = /at position (\d+)/.exec((err as Error).message);
    throw new HttpError(
      400,
      'malformed_json',
      at ? `the request body is not valid JSON (error at position ${at[1]})` : 'the request body is not valid JSON',
    );
  }
}

/**
 * A batch parsed element by element, or undefined when the body is not a plain well-formed array
 * (the caller then parses it whole, which names the error's position).
 *
 * Why: a 100-event batch is ~150 KB, and V8 places any string over 128 KB in large-object space,
 * where making it and collecting it cost ~1 ms per request — more than the rest of parsing. Each
 * element's text is small and young. The scan hops over strings with indexOf, so it stays cheap.
 */
export function splitBatch(body: Buffer): unknown[] | undefined {
  const ascii = isAscii(body);
  const n = body.length;
  let i = skipSpace(body, 0);
  if (body[i] !== OPEN_ARRAY) return undefined;
  const out: unknown[] = [];
  let depth = 0;
  let start = ++i;
  while (i < n) {
    const c = body[i];
    if (c === QUOTE) {
      i = endOfString(body, i);
      if (i < 0) return undefined;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
      else if (c === CLOSE_OBJECT) return undefined;
      else {
        if (!(out.length === 0 && skipSpace(body, start) === i) && !pushElement(out, body, start, i, ascii))
          return undefined;
        return skipSpace(body, i + 1) === n ? out : undefined;
      }
    } else if (c === COMMA && depth === 0) {
      if (!pushElement(out, body, start, i, ascii)) return undefined;
      start = i + 1;
    }
    i++;
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

function skipSpace(b: Buffer, i: number): number {
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i;
}

/** Index of the quote closing the string that opens at `open`, or -1. */
function endOfString(b: Buffer, open: number): number {
  let j = open + 1;
  for (;;) {
    j = b.indexOf(QUOTE, j);
    if (j < 0) return -1;
    let backslashes = 0;
    while (b[j - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j;
    j++;
  }
}

function pushElement(out: unknown[], b: Buffer, start: number, end: number, ascii: boolean): boolean {
  try {
    out.push(JSON.parse(b.toString(ascii ? 'latin1' : 'utf8', start, end)));
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-8 text of the body. Node 20 decodes UTF-8 with a scalar loop (it was ~10% of ingest's CPU on
 * 150 KB batches); a pure-ASCII body, the usual case, is the same text read as ASCII, a plain copy.
 */
export function decodeText(body: Buffer): string {
  return body.toString(isAscii(body) ? 'ascii' : 'utf8');
}

const BINARY_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'dataschema'] as const;

/** Binary mode: context attributes come from `ce-*` headers and the body is `data`. */
function binaryEvent(headers: Record<string, string | string[] | undefined>, data: unknown): Record<string, unknown> {
  const event: Record<string, unknown> = { datacontenttype: JSON_TYPE, data };
  for (const name of BINARY_ATTRIBUTES) {
    const v = headerValue(headers[`ce-${name}`]);
    if (v !== undefined) event[name] = decodeHeader(v);
  }
  return event;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The HTTP binding percent-encodes header values outside printable ASCII. */
function decodeHeader(v: string): string {
  if (!v.includes('%')) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
