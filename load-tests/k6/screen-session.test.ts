import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { RESUBSCRIBE_AFTER_MS, ScreenSession, type Observation, type Subscription } from './lib/screen-session.js';
import { runScreen, type ScreenRun } from './ws-screen.ts';

/**
 * The screen's protocol code, driven by a plain WebSocket (the `ws` package, what k6/ws is to k6),
 * against a real socket.io 4 server playing the wallboard's part of CONTRACT §3. Short heartbeat
 * settings make the server's ping/pong deadline bite within the test.
 */
// The timeout is generous so a busy shared machine does not delay a pong past it.
const PING_INTERVAL = 200;
const PING_TIMEOUT = 800;
const GOOD_TOKEN = 'token-for-unit-U1';

let http: HttpServer;
let io: Server;
let baseUrl: string;
/** Pongs the server received, over every connection of this file. */
let pongsReceived = 0;

beforeAll(async () => {
  http = createServer();
  io = new Server(http, { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT });
  const live = io.of('/live');
  live.use((socket, next) => {
    // Authentication in the namespace middleware, refusing with the contract's message.
    if (socket.handshake.auth?.token === GOOD_TOKEN) next();
    else next(new Error('unauthorized'));
  });
  live.on('connection', (socket) => {
    socket.conn.on('packet', (p: { type: string }) => {
      if (p.type === 'pong') pongsReceived++;
    });
    socket.on('subscribe', (sub: Subscription, ack: (reply: unknown) => void) => {
      if (sub.scope === 'unit' && sub.id === 'U3') return ack({ ok: false, error: 'not_found' });
      if (sub.scope !== 'unit' || sub.id !== 'U1') return ack({ ok: false, error: 'forbidden' });
      const generatedAt = new Date(Date.now() - 40).toISOString();
      ack({ ok: true, view: { unitId: 'U1', seq: 7 } });
      socket.emit('view', { scope: 'unit', id: 'U1', seq: 8, asOf: generatedAt, generatedAt, view: { unitId: 'U1' } });
      socket.emit('heartbeat', { serverTime: new Date().toISOString(), asOf: generatedAt, lagMs: 12 });
      socket.emit('something-else', 1);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await io.close();
});

/** Holds one screen on this file's server. */
function holdScreen(
  token: string,
  subscription: Subscription,
  holdMs: number,
  answerPings = true,
  stopAt?: (o: Observation) => boolean,
): Promise<ScreenRun> {
  return runScreen(baseUrl, token, subscription, {
    holdMs,
    answerPings,
    ...(stopAt ? { stopAt: (seen: Observation[]) => seen.some(stopAt) } : {}),
  });
}

const kinds = (run: ScreenRun) => run.observations.map((o) => o.kind);

describe('a screen session against a real socket.io server', () => {
  it('joins /live with its token, subscribes, receives view and heartbeat, and keeps the connection alive', async () => {
    const holdMs = PING_INTERVAL + PING_TIMEOUT + 3 * PING_INTERVAL;
    const run = await holdScreen(GOOD_TOKEN, { scope: 'unit', id: 'U1' }, holdMs);

    expect(run.closedAfterMs).toBeNull(); // the server never dropped us: pongs were in time
    expect(kinds(run).slice(0, 3)).toEqual(['handshake', 'connected', 'subscribed']);
    expect(run.observations).toContainEqual({
      kind: 'handshake',
      pingInterval: PING_INTERVAL,
      pingTimeout: PING_TIMEOUT,
    });
    expect(run.observations).toContainEqual(expect.objectContaining({ kind: 'subscribed', ok: true }));
    const view = run.observations.find((o) => o.kind === 'view');
    expect(view).toMatchObject({ kind: 'view', scope: 'unit', id: 'U1', seq: 8 });
    // generatedAt was 40 ms before the emit; receipt is later still, and not absurdly so.
    expect((view as { ageMs: number }).ageMs).toBeGreaterThanOrEqual(40);
    expect((view as { ageMs: number }).ageMs).toBeLessThan(5_000);
    expect(run.observations).toContainEqual({ kind: 'heartbeat', lagMs: 12 });
    expect(run.observations).toContainEqual({ kind: 'event', name: 'something-else' });
    const pings = kinds(run).filter((k) => k === 'ping').length;
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(pongsReceived).toBeGreaterThanOrEqual(3);
    expect(kinds(run)).not.toContain('protocol_error');
  });

  it('is dropped by the server when it does not answer pings (so the pong above is what kept it)', async () => {
    const holdMs = 2 * (PING_INTERVAL + PING_TIMEOUT);
    const run = await holdScreen(GOOD_TOKEN, { scope: 'unit', id: 'U1' }, holdMs, false);
    expect(run.closedAfterMs).not.toBeNull();
    expect(run.closedAfterMs!).toBeLessThan(holdMs);
  });

  it('reports a refused token as connect_error "unauthorized"', async () => {
    const run = await holdScreen('wrong-token', { scope: 'unit', id: 'U1' }, 10_000);
    expect(run.observations).toContainEqual({ kind: 'connect_error', message: 'unauthorized' });
    expect(kinds(run)).not.toContain('connected');
  });

  it("reports a refused subscription with the server's error", async () => {
    const run = await holdScreen(GOOD_TOKEN, { scope: 'unit', id: 'U2' }, 10_000, true, (o) => o.kind === 'subscribed');
    expect(run.observations).toContainEqual(
      expect.objectContaining({ kind: 'subscribed', ok: false, standing: false, error: 'forbidden' }),
    );
    expect(kinds(run)).not.toContain('view');
  });

  it('counts `not_found` (no view yet) as a standing subscription', async () => {
    const run = await holdScreen(GOOD_TOKEN, { scope: 'unit', id: 'U3' }, 10_000, true, (o) => o.kind === 'subscribed');
    expect(run.observations).toContainEqual(
      expect.objectContaining({ kind: 'subscribed', ok: false, standing: true, error: 'not_found' }),
    );
  });
});

describe('ScreenSession bookkeeping', () => {
  const open = '0{"sid":"s","upgrades":[],"pingInterval":1000,"pingTimeout":500}';

  it('notices a silent server after pingInterval + pingTimeout', () => {
    const s = new ScreenSession({ token: 't', subscription: { scope: 'sites' } }, 0);
    s.receive(open, 0);
    expect(s.isSilent(1_500)).toBe(false);
    expect(s.isSilent(1_501)).toBe(true);
    s.receive('2', 1_400);
    expect(s.isSilent(2_800)).toBe(false);
  });

  it('hands out each overdue acknowledgement once', () => {
    const s = new ScreenSession({ token: 't', subscription: { scope: 'sites' } }, 0);
    s.receive(open, 0);
    const step = s.receive('40/live,{"sid":"x"}', 10);
    expect(step.send).toEqual(['42/live,0["subscribe",{"scope":"sites"}]']);
    expect(s.takeOverdueAcks(100, 1_000)).toEqual([]);
    expect(s.takeOverdueAcks(2_000, 1_000)).toEqual(['subscribe']);
    expect(s.takeOverdueAcks(3_000, 1_000)).toEqual([]);
  });

  it('subscribes again a while after `unavailable`, and only then', () => {
    const s = new ScreenSession({ token: 't', subscription: { scope: 'sites' } }, 0);
    s.receive(open, 0);
    s.receive('40/live,{"sid":"x"}', 10);
    const step = s.receive('43/live,0[{"ok":false,"error":"unavailable"}]', 20);
    expect(step.observations).toEqual([
      { kind: 'subscribed', ok: false, standing: false, error: 'unavailable', ms: 10 },
    ]);
    expect(s.tick(20 + RESUBSCRIBE_AFTER_MS - 1)).toEqual([]);
    expect(s.tick(20 + RESUBSCRIBE_AFTER_MS)).toEqual(['42/live,1["subscribe",{"scope":"sites"}]']);
    expect(s.tick(60_000)).toEqual([]);
  });

  it('flags frames it cannot read rather than dropping them silently', () => {
    const s = new ScreenSession({ token: 't', subscription: { scope: 'sites' } }, 0);
    expect(s.receive('x', 0).observations[0]?.kind).toBe('protocol_error');
    expect(s.receive('0{}', 0).observations[0]?.kind).toBe('protocol_error');
    expect(s.receive('42/other,["view",{}]', 0).observations[0]?.kind).toBe('protocol_error');
    expect(s.receive('42/live,["view",{"generatedAt":"soon"}]', 0).observations[0]?.kind).toBe('protocol_error');
    expect(s.receive('43/live,5[{}]', 0).observations[0]?.kind).toBe('protocol_error');
  });
});
