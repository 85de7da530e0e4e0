import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../config.ts';
import { fastLaneLength } from './events-fast-lane.ts';

const req = (over: { method?: string; url?: string; headers?: Record<string, string> }) =>
  ({
    method: over.method ?? 'POST',
    url: over.url ?? '/v1/events',
    headers: { 'content-length': '120', ...over.headers },
  }) as unknown as IncomingMessage;

describe('fastLaneLength: which requests skip express', () => {
  it('takes a plain POST /v1/events with a declared length within the limit', () => {
    expect(fastLaneLength(req({}))).toBe(120);
    expect(fastLaneLength(req({ url: '/v1/events?mode=partial' }))).toBe(120);
    expect(fastLaneLength(req({ headers: { 'content-length': '0' } }))).toBe(0);
    expect(fastLaneLength(req({ headers: { 'content-length': String(BODY_LIMIT_BYTES) } }))).toBe(BODY_LIMIT_BYTES);
  });

  it('leaves everything else to express', () => {
    expect(fastLaneLength(req({ method: 'GET' }))).toBeUndefined();
    expect(fastLaneLength(req({ url: '/v1/events/' }))).toBeUndefined();
    expect(fastLaneLength(req({ url: '/v1/eventsx' }))).toBeUndefined();
    expect(fastLaneLength(req({ url: '/metrics' }))).toBeUndefined();
    expect(fastLaneLength(req({ headers: { 'content-encoding': 'gzip' } }))).toBeUndefined();
    expect(fastLaneLength(req({ headers: { 'transfer-encoding': 'chunked' } }))).toBeUndefined();
    expect(fastLaneLength(req({ headers: { 'content-length': String(BODY_LIMIT_BYTES + 1) } }))).toBeUndefined();
    expect(fastLaneLength(req({ headers: { 'content-length': '12x' } }))).toBeUndefined();
    const noLength = req({});
    delete noLength.headers['content-length'];
    expect(fastLaneLength(noLength)).toBeUndefined();
  });
});
