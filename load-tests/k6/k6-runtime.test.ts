import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CaseloadEvent } from '@caseload/shared';
import { NDJSON } from './test-fixtures.ts';

/**
 * The three scripts run end to end in Node under a stand-in for k6's built-in modules: k6/http
 * answers from a script, k6/ws plays a Socket.IO server frame by frame, k6/metrics writes samples
 * down. This covers what the parse and type checks cannot: the wiring in lib/k6/ (what is sent,
 * with which headers, what is recorded) and the options as k6 would compute them from __ENV.
 * The real k6 runtime is out of reach here (no binary can be installed); the real Socket.IO server
 * is exercised in screen-session.test.ts.
 */

type Sample = { value: number; tags?: Record<string, string> };
type Answer = { status: number; headers?: Record<string, string>; body?: string };

const k6 = vi.hoisted(() => {
  const state = {
    samples: {} as Record<string, Sample[]>,
    requests: [] as Array<{ url: string; body: string; params: { headers: Record<string, string>; tags: object } }>,
    answers: [] as Answer[],
    slept: [] as number[],
    iteration: 0,
    vu: 1,
    sockets: [] as FakeSocket[],
    serverScript: (_s: FakeSocket) => {},
  };
  class Metric {
    constructor(readonly name: string) {}
    add(value: number, tags?: Record<string, string>) {
      (state.samples[this.name] ??= []).push({ value, tags });
    }
  }
  /** k6/ws's Socket as the scripts use it; the "server" calls `deliver` and `fireTimers`. */
  class FakeSocket {
    sent: string[] = [];
    closed = false;
    handlers: Record<string, (arg?: unknown) => void> = {};
    timeouts: Array<() => void> = [];
    intervals: Array<() => void> = [];
    constructor(readonly url: string) {}
    on(event: string, handler: (arg?: unknown) => void) {
      this.handlers[event] = handler;
    }
    send(frame: string) {
      if (!this.closed) this.sent.push(frame);
    }
    close() {
      this.closed = true;
    }
    setTimeout(fn: () => void) {
      this.timeouts.push(fn);
    }
    setInterval(fn: () => void) {
      this.intervals.push(fn);
    }
    deliver(frame: string) {
      if (!this.closed) this.handlers.message?.(frame);
    }
  }
  return { state, Metric, FakeSocket };
});
type FakeSocket = InstanceType<typeof k6.FakeSocket>;

vi.mock('k6', () => ({ sleep: (s: number) => k6.state.slept.push(s) }));
vi.mock('k6/metrics', () => ({ Counter: k6.Metric, Rate: k6.Metric, Trend: k6.Metric, Gauge: k6.Metric }));
vi.mock('k6/data', () => ({
  // A SharedArray is its callback's array, shared; here simply the array.
  SharedArray: function SharedArray(_name: string, make: () => unknown[]) {
    return make();
  },
}));
vi.mock('k6/execution', () => ({
  default: {
    get scenario() {
      return { iterationInTest: k6.state.iteration };
    },
    get vu() {
      return { idInTest: k6.state.vu };
    },
  },
}));
vi.mock('k6/http', () => ({
  default: {
    post(url: string, body: string, params: { headers: Record<string, string>; tags: object }) {
      k6.state.requests.push({ url, body, params });
      const a = k6.state.answers.shift() ?? { status: 202, body: '{"accepted":0,"duplicates":0}' };
      return { status: a.status, headers: a.headers ?? {}, body: a.body ?? '', json: () => JSON.parse(a.body ?? '') };
    },
    expectedStatuses: (...statuses: number[]) => ({ statuses }),
  },
}));
vi.mock('k6/ws', () => ({
  default: {
    connect(url: string, _params: unknown, run: (s: FakeSocket) => void) {
      const socket = new k6.FakeSocket(url);
      k6.state.sockets.push(socket);
      run(socket);
      k6.state.serverScript(socket); // ws.connect blocks until the socket closes
      return { status: 101 };
    },
  },
}));

const g = globalThis as unknown as { __ENV: Record<string, string>; open: (path: string) => string };
const FILES: Record<string, string> = {
  '/data/events.ndjson': NDJSON,
  '/data/tokens.txt': '> caseload-wallboard@ token\ntok-1\ntok-2\n',
};

/** Loads a script fresh, as k6 would for a run with these variables. */
async function load(script: string, env: Record<string, string>) {
  vi.resetModules();
  g.__ENV = env;
  g.open = (path: string) => {
    const text = FILES[path];
    if (text === undefined) throw new Error(`open: no file ${path}`);
    return text;
  };
  return import(/* @vite-ignore */ `./${script}`);
}

const sum = (name: string) => (k6.state.samples[name] ?? []).reduce((a, s) => a + s.value, 0);
const count = (name: string) => (k6.state.samples[name] ?? []).length;
const Batch = z.array(CaseloadEvent).min(1).max(1000);
const INGEST_ENV = { API_KEY: 'dev-0123456789abcdef', EVENTS_FILE: '/data/events.ndjson', BATCH_SIZE: '2' };

beforeEach(() => {
  Object.assign(k6.state, { samples: {}, requests: [], answers: [], slept: [], iteration: 0, vu: 1, sockets: [] });
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('ingest.js', () => {
  it('computes its options from the environment', async () => {
    const { options } = await load('ingest.js', {
      ...INGEST_ENV,
      STAGES: '5s:3,10s:3',
      P99_MS: '250',
      PRE_VUS: '5',
      MAX_VUS: '7',
    });
    expect(options.scenarios.ingest).toMatchObject({
      executor: 'ramping-arrival-rate',
      exec: 'ingest',
      stages: [
        { duration: '5s', target: 3 },
        { duration: '10s', target: 3 },
      ],
      preAllocatedVUs: 5,
      maxVUs: 7,
    });
    expect(options.thresholds).toEqual({
      http_req_failed: ['rate<0.01'],
      'http_req_duration{name:ingest_batch}': ['p(99)<250'],
      ingest_batch_ok: ['rate>=0.99'],
    });
  });

  it('sends the roster once in setup, then batches of fresh events the contract accepts', async () => {
    const script = await load('ingest.js', { ...INGEST_ENV, INGEST_URL: 'http://ingest.test:9000/' });
    k6.state.answers.push(
      { status: 202, body: '{"accepted":2,"duplicates":0}' },
      { status: 202, body: '{"accepted":1,"duplicates":1}' },
    );
    const data = script.setup();
    expect(k6.state.requests.map((r) => JSON.parse(r.body).map((e: { id: string }) => e.id))).toEqual([
      ['e1', 'e2'],
      ['e3'],
    ]);

    k6.state.requests = [];
    for (const [i, answer] of [
      [0, { status: 202, body: '{"accepted":2,"duplicates":0}' }],
      [1, { status: 202, body: '{"accepted":2,"duplicates":0}' }],
    ] as const) {
      k6.state.iteration = i;
      k6.state.answers.push(answer);
      script.ingest(data);
    }
    const [first, second] = k6.state.requests;
    expect(first!.url).toBe('http://ingest.test:9000/v1/events');
    expect(first!.params.headers).toEqual({
      'Content-Type': 'application/cloudevents-batch+json',
      Authorization: 'Bearer dev-0123456789abcdef',
    });
    expect(first!.params.tags).toEqual({ name: 'ingest_batch' });
    const batches = k6.state.requests.map((r) => Batch.parse(JSON.parse(r.body)));
    expect(batches.flat().map((e) => e.id)).toEqual([
      `k6-${data.runId}-0-0-e4`,
      `k6-${data.runId}-0-1-e5`,
      `k6-${data.runId}-1-0-e6`,
      `k6-${data.runId}-1-1-e4`,
    ]);
    expect(second).toBeDefined();
    expect(sum('ingest_events_accepted')).toBe(2 + 1 + 2 + 2);
    expect(sum('ingest_events_duplicate')).toBe(1);
    expect(sum('ingest_batch_ok')).toBe(4);
  });

  it('waits out a 503 per Retry-After and counts it apart from failures', async () => {
    const script = await load('ingest.js', INGEST_ENV);
    k6.state.answers.push(
      { status: 503, headers: { 'Retry-After': '3' }, body: '{"error":"unavailable"}' },
      { status: 202, body: '{"accepted":2,"duplicates":0}' },
      { status: 400, body: '{"error":"invalid_events"}' },
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    script.ingest({ runId: 'r' });
    expect(k6.state.slept).toEqual([3]);
    expect(k6.state.requests[0]!.body).toBe(k6.state.requests[1]!.body); // the same batch again
    expect(sum('ingest_retry_503')).toBe(1);
    expect(sum('ingest_batch_ok')).toBe(1);

    k6.state.iteration = 1;
    script.ingest({ runId: 'r' });
    expect(k6.state.requests).toHaveLength(3); // a 400 is not retried
    expect(k6.state.samples.ingest_batch_ok!.map((s) => s.value)).toEqual([1, 0]);
    expect(sum('ingest_batches_given_up')).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ingest answered 400'));
  });

  it('stops before any load when a variable is missing', async () => {
    await expect(load('ingest.js', { EVENTS_FILE: '/data/events.ndjson' })).rejects.toThrow(/API_KEY must be set/);
  });
});

/** A socket.io server's side of one session, frame by frame, as the wallboard sends them. */
function wallboardServer(generatedAgoMs: number) {
  return (s: FakeSocket) => {
    s.deliver('0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    s.deliver('40/live,{"sid":"s1"}');
    s.deliver('43/live,0[{"ok":true,"view":{"scope":"unit","id":"U1","seq":1}}]');
    const generatedAt = new Date(Date.now() - generatedAgoMs).toISOString();
    s.deliver(
      `42/live,["view",{"scope":"unit","id":"U1","seq":2,"asOf":"${generatedAt}","generatedAt":"${generatedAt}","view":{}}]`,
    );
    s.deliver('42/live,["heartbeat",{"serverTime":"x","asOf":null,"lagMs":250}]');
    s.deliver('2');
    s.intervals.forEach((f) => f());
    s.timeouts.forEach((f) => f()); // the session length elapses
  };
}

describe('wallboard.js', () => {
  it('computes its options from the environment', async () => {
    const { options } = await load('wallboard.js', {
      TOKENS_FILE: '/data/tokens.txt',
      SCREENS: '12',
      SESSION_SECONDS: '20',
    });
    expect(options.scenarios.screens).toMatchObject({
      executor: 'ramping-vus',
      exec: 'screen',
      stages: [
        { duration: '30s', target: 12 },
        { duration: '2m', target: 12 },
      ],
      gracefulStop: '30s',
    });
    expect(Object.keys(options.thresholds)).toContain('wallboard_view_age');
  });

  it('holds a screen: joins with its token, subscribes, answers pings, records views and heartbeats', async () => {
    const script = await load('wallboard.js', {
      TOKENS_FILE: '/data/tokens.txt',
      SUBSCRIBE: 'unit:U0,unit:U1',
      WALLBOARD_URL: 'https://wall.test',
    });
    k6.state.vu = 2;
    k6.state.serverScript = wallboardServer(120);
    script.screen();

    const [socket] = k6.state.sockets;
    expect(socket!.url).toBe('wss://wall.test/socket.io/?EIO=4&transport=websocket');
    expect(socket!.sent).toEqual([
      '40/live,{"token":"tok-2"}',
      '42/live,0["subscribe",{"scope":"unit","id":"U1"}]',
      '3',
    ]);
    expect(socket!.closed).toBe(true);
    expect(sum('wallboard_views')).toBe(1);
    expect(k6.state.samples.wallboard_view_age![0]!.value).toBeGreaterThanOrEqual(120);
    expect(k6.state.samples.wallboard_view_age![0]!.tags).toEqual({ scope: 'unit' });
    expect(k6.state.samples.wallboard_heartbeat_lag).toEqual([{ value: 250 }]);
    expect(sum('wallboard_pongs')).toBe(1);
    expect(k6.state.samples.wallboard_connected!.map((s) => s.value)).toEqual([1]);
    expect(k6.state.samples.wallboard_subscribed!.map((s) => s.value)).toEqual([1]);
    expect(count('wallboard_protocol_errors')).toBe(0);
  });

  it('records a refused token and closes at once', async () => {
    const script = await load('wallboard.js', { TOKENS: 'bad' });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    k6.state.serverScript = (s) => {
      s.deliver('0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000}');
      s.deliver('44/live,{"message":"unauthorized"}');
    };
    script.screen();
    expect(k6.state.sockets[0]!.closed).toBe(true);
    expect(k6.state.samples.wallboard_connect_errors).toEqual([{ value: 1, tags: { message: 'unauthorized' } }]);
    expect(k6.state.samples.wallboard_connected!.map((s) => s.value)).toEqual([0]);
  });
});

describe('mixed.js', () => {
  it('runs both scenarios, producers after the screens have connected, and reports', async () => {
    const script = await load('mixed.js', { ...INGEST_ENV, TOKENS: 'tok', RAMP: '15s' });
    expect(Object.keys(script.options.scenarios).sort()).toEqual(['ingest', 'screens']);
    expect(script.options.scenarios.ingest.startTime).toBe('15s');
    expect(Object.keys(script.options.thresholds)).toEqual(
      expect.arrayContaining(['http_req_failed', 'wallboard_view_age']),
    );
    const data = script.setup();
    script.ingest(data);
    k6.state.serverScript = wallboardServer(10);
    script.screen();
    expect(k6.state.requests).toHaveLength(3); // roster (2 batches of 2) + one batch
    expect(sum('wallboard_views')).toBe(1);
    const report = script.handleSummary({ state: { testRunDurationMs: 1000 }, metrics: {} });
    expect(report.stdout).toContain('caseload load test');
    expect(Object.keys(report)).toEqual(['stdout']);
  });
});
