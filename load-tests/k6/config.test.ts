import { describe, expect, it } from 'vitest';
import { forVu, ingestConfig, parseStages, parseSubscriptions, parseTokens, wallboardConfig } from './lib/config.js';

const ingestEnv = { API_KEY: 'k'.repeat(16), EVENTS_FILE: '/tmp/events.ndjson' };

describe('ingest settings', () => {
  it('have defaults for everything but the key and the file', () => {
    const cfg = ingestConfig(ingestEnv);
    expect(cfg).toMatchObject({
      ingestUrl: 'http://localhost:8080',
      batchSize: 100,
      stages: [
        { duration: '30s', target: 20 },
        { duration: '1m', target: 20 },
        { duration: '10s', target: 0 },
      ],
      eventTime: 'original',
      partial: false,
    });
    expect(() => ingestConfig({ EVENTS_FILE: 'x' })).toThrow(/API_KEY/);
    expect(() => ingestConfig({ API_KEY: 'x' })).toThrow(/EVENTS_FILE/);
  });

  it('take the environment and name the variable of a bad value', () => {
    const cfg = ingestConfig({
      ...ingestEnv,
      INGEST_URL: 'https://ingest.example.org/',
      BATCH_SIZE: '250',
      INGEST_MODE: 'partial',
    });
    expect(cfg).toMatchObject({ ingestUrl: 'https://ingest.example.org', batchSize: 250, partial: true });
    expect(() => ingestConfig({ ...ingestEnv, BATCH_SIZE: '1001' })).toThrow(/BATCH_SIZE must be at most 1000/);
    expect(() => ingestConfig({ ...ingestEnv, BATCH_SIZE: 'ten' })).toThrow(/BATCH_SIZE must be an integer/);
    expect(() => ingestConfig({ ...ingestEnv, EVENT_TIME: 'later' })).toThrow(
      /EVENT_TIME must be one of original, now/,
    );
    expect(() => ingestConfig({ ...ingestEnv, HTTP_TIMEOUT: '30' })).toThrow(/HTTP_TIMEOUT/);
    expect(() => ingestConfig({ ...ingestEnv, PRE_VUS: '50', MAX_VUS: '10' })).toThrow(/MAX_VUS must be at least 50/);
    expect(ingestConfig({ ...ingestEnv, PRE_VUS: '300' }).maxVUs).toBe(300);
  });

  it('parse stages', () => {
    expect(parseStages('10s:5, 1m30s:50 ,', 'STAGES')).toEqual([
      { duration: '10s', target: 5 },
      { duration: '1m30s', target: 50 },
    ]);
    expect(() => parseStages('10:5', 'STAGES')).toThrow(/STAGES/);
    expect(() => parseStages('', 'STAGES')).toThrow(/no stages/);
  });
});

describe('wallboard settings', () => {
  it('need a token and build the websocket URL', () => {
    expect(() => wallboardConfig({}, '')).toThrow(/TOKENS/);
    const cfg = wallboardConfig({ TOKENS: 'a,b', WALLBOARD_URL: 'https://wall.example.org' }, '');
    expect(cfg.socketUrl).toBe('wss://wall.example.org/socket.io/?EIO=4&transport=websocket');
    expect(cfg.tokens).toEqual(['a', 'b']);
    expect(cfg.subscriptions).toEqual([{ scope: 'sites' }]);
  });

  it('read tokens from the raw output of npm run token', () => {
    const output = [
      '',
      '> caseload-wallboard@ token',
      '> tsx wallboard/scripts/token.ts --role display --unit U1',
      '',
      'TV pairing URL (one use, valid 10 minutes): http://localhost:3000/pair/abc',
      '# display token for display-1, valid 30 days:',
      '#comment-without-spaces',
      'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiZGlzcGxheSJ9.sig1',
      'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoibGVhZCJ9.sig2',
      'http://localhost:3000/pair/def',
    ].join('\n');
    expect(parseTokens('x', output)).toEqual([
      'x',
      'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiZGlzcGxheSJ9.sig1',
      'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoibGVhZCJ9.sig2',
    ]);
  });

  it('parse subscriptions and pair them with VUs round robin', () => {
    const subs = parseSubscriptions('unit:U1, site:north,sites');
    expect(subs).toEqual([{ scope: 'unit', id: 'U1' }, { scope: 'site', id: 'north' }, { scope: 'sites' }]);
    expect(() => parseSubscriptions('unit:')).toThrow(/SUBSCRIBE/);
    expect(() => parseSubscriptions('worker:W1')).toThrow(/SUBSCRIBE/);
    expect([1, 2, 3, 4].map((vu) => forVu(['a', 'b', 'c'], vu))).toEqual(['a', 'b', 'c', 'a']);
  });
});
