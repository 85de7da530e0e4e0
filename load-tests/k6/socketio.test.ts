import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { decodePacket, encodePacket } from 'engine.io-parser';
import {
  ENGINE,
  SIO,
  connectFrame,
  decodeEnginePacket,
  decodeSocketPacket,
  encodeSocketPacket,
  eventFrame,
  parseHandshake,
  socketIoUrl,
} from './lib/socketio.js';

/** What socket.io-parser's Decoder makes of one encoded string (it emits synchronously). */
function decodeWithSocketIo(text: string): Packet {
  const decoder = new Decoder();
  let out: Packet | undefined;
  decoder.on('decoded', (p: Packet) => {
    out = p;
  });
  decoder.add(text);
  decoder.destroy();
  if (!out) throw new Error(`socket.io-parser decoded nothing from ${text}`);
  return out;
}

/** Drops undefined fields and normalises through JSON, as both parsers do with payloads. */
function plain(p: { type: number; nsp: string; id?: number | undefined; data?: unknown }) {
  const out: Record<string, unknown> = { type: p.type, nsp: p.nsp };
  if (p.id !== undefined) out.id = p.id;
  if (p.data !== undefined) out.data = JSON.parse(JSON.stringify(p.data));
  return out;
}

const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
const nsp = fc.constantFrom('/', '/live', '/admin-1', '/a_b');
const json = fc.jsonValue({ maxDepth: 3 });
const object = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 });
const eventName = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !RESERVED.includes(s));
const ackId = fc.nat({ max: 100_000 });

/** Every non-binary packet a Socket.IO 4 peer can send. */
const packet = fc
  .oneof(
    fc.record({ type: fc.constant(SIO.CONNECT), nsp, data: object }),
    fc.record({ type: fc.constant(SIO.DISCONNECT), nsp }),
    fc.record({ type: fc.constant(SIO.CONNECT_ERROR), nsp, data: fc.record({ message: fc.string() }) }),
    fc.record(
      { type: fc.constant(SIO.EVENT), nsp, id: ackId, data: fc.tuple(eventName, fc.array(json, { maxLength: 3 })) },
      { requiredKeys: ['type', 'nsp', 'data'] },
    ),
    fc.record({ type: fc.constant(SIO.ACK), nsp, id: ackId, data: fc.array(json, { maxLength: 3 }) }),
  )
  .map((p) =>
    // An event's payload is [name, ...args].
    p.type === SIO.EVENT
      ? { ...p, data: [(p.data as [string, unknown[]])[0], ...(p.data as [string, unknown[]])[1]] }
      : p,
  );

describe('Socket.IO packets against the real socket.io-parser', () => {
  it('uses the same packet type numbers', () => {
    expect(SIO).toMatchObject({
      CONNECT: PacketType.CONNECT,
      DISCONNECT: PacketType.DISCONNECT,
      EVENT: PacketType.EVENT,
      ACK: PacketType.ACK,
      CONNECT_ERROR: PacketType.CONNECT_ERROR,
      BINARY_EVENT: PacketType.BINARY_EVENT,
      BINARY_ACK: PacketType.BINARY_ACK,
    });
  });

  it('encodes exactly what socket.io-parser encodes', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const [theirs] = new Encoder().encode(p as Packet);
        expect(encodeSocketPacket(p)).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('what it encodes, socket.io-parser decodes back to the same packet', () => {
    fc.assert(
      fc.property(packet, (p) => {
        expect(plain(decodeWithSocketIo(encodeSocketPacket(p)))).toEqual(plain(p));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes what socket.io-parser encodes', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const [theirs] = new Encoder().encode(p as Packet);
        expect(plain(decodeSocketPacket(theirs as string))).toEqual(plain(p));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the wallboard frames of CONTRACT §3', () => {
    expect(decodeSocketPacket('0/live,{"sid":"abc"}')).toEqual({
      type: SIO.CONNECT,
      nsp: '/live',
      data: { sid: 'abc' },
    });
    expect(decodeSocketPacket('3/live,0[{"ok":true,"view":{}}]')).toEqual({
      type: SIO.ACK,
      nsp: '/live',
      id: 0,
      data: [{ ok: true, view: {} }],
    });
    expect(decodeSocketPacket('4/live,{"message":"unauthorized"}')).toEqual({
      type: SIO.CONNECT_ERROR,
      nsp: '/live',
      data: { message: 'unauthorized' },
    });
    expect(decodeSocketPacket('1/live,')).toEqual({ type: SIO.DISCONNECT, nsp: '/live' });
    expect(connectFrame('/live', { token: 't' })).toBe('40/live,{"token":"t"}');
    expect(eventFrame('/live', 'subscribe', [{ scope: 'unit', id: 'U' }], 0)).toBe(
      '42/live,0["subscribe",{"scope":"unit","id":"U"}]',
    );
  });

  it('refuses malformed packets instead of guessing', () => {
    expect(() => decodeSocketPacket('9')).toThrow();
    expect(() => decodeSocketPacket('2/live,{"not":"an array"}')).toThrow(/EVENT/);
    expect(() => decodeSocketPacket('2/live,["view",')).toThrow();
    expect(() => decodeSocketPacket('1/live,{"x":1}')).toThrow(/DISCONNECT/);
    expect(() => encodeSocketPacket({ type: SIO.BINARY_EVENT, nsp: '/' })).toThrow(/binary/);
  });
});

describe('Engine.IO packets against the real engine.io-parser', () => {
  it('frames messages and heartbeats the same way', () => {
    const frames: Record<string, string> = {};
    encodePacket({ type: 'message', data: '2/live,["x"]' }, false, (f) => (frames.message = String(f)));
    encodePacket({ type: 'ping' }, false, (f) => (frames.ping = String(f)));
    encodePacket({ type: 'pong' }, false, (f) => (frames.pong = String(f)));
    expect(frames.message).toBe(ENGINE.MESSAGE + '2/live,["x"]');
    expect(frames.ping).toBe(ENGINE.PING);
    expect(frames.pong).toBe(ENGINE.PONG);
    for (const [type, digit] of [
      ['open', ENGINE.OPEN],
      ['close', ENGINE.CLOSE],
      ['ping', ENGINE.PING],
      ['pong', ENGINE.PONG],
      ['message', ENGINE.MESSAGE],
      ['upgrade', ENGINE.UPGRADE],
      ['noop', ENGINE.NOOP],
    ] as const) {
      expect(decodePacket(digit + 'abc').type).toBe(type);
      expect(decodeEnginePacket(digit + 'abc')).toEqual({ type: digit, data: 'abc' });
    }
    expect(() => decodeEnginePacket('')).toThrow();
    expect(() => decodeEnginePacket('7')).toThrow();
  });

  it('reads the handshake and insists on its heartbeat settings', () => {
    expect(
      parseHandshake('{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
    ).toMatchObject({
      sid: 's',
      pingInterval: 25000,
      pingTimeout: 20000,
    });
    expect(() => parseHandshake('{"sid":"s"}')).toThrow(/pingInterval/);
  });

  it('builds the websocket-transport URL from the wallboard URL', () => {
    expect(socketIoUrl('http://localhost:3000')).toBe('ws://localhost:3000/socket.io/?EIO=4&transport=websocket');
    expect(socketIoUrl('https://board.example.org/')).toBe(
      'wss://board.example.org/socket.io/?EIO=4&transport=websocket',
    );
    expect(socketIoUrl('https://example.org/wall', 'rt')).toBe('wss://example.org/wall/rt/?EIO=4&transport=websocket');
    expect(() => socketIoUrl('localhost:3000')).toThrow();
  });
});
