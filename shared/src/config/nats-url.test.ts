import { describe, expect, it } from 'vitest';
import { natsServerOptions } from './nats-url.ts';

describe('natsServerOptions', () => {
  it('keeps a plain URL as it is', () => {
    expect(natsServerOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('moves user and password out of the URL, decoded', () => {
    expect(natsServerOptions('nats://ingest:p%40ss%3Aw@nats.internal:4222')).toEqual({
      servers: ['nats://nats.internal:4222'],
      user: 'ingest',
      pass: 'p@ss:w',
    });
  });

  it('reads a lone user part as a token, and takes several servers', () => {
    expect(natsServerOptions('tls://s3cr3t@a:4222, tls://b:4222')).toEqual({
      servers: ['tls://a:4222', 'tls://b:4222'],
      token: 's3cr3t',
    });
  });

  it('adds the scheme a bare host:port lacks', () => {
    expect(natsServerOptions('localhost:4222').servers).toEqual(['nats://localhost:4222']);
  });
});
