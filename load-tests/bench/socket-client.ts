/**
 * A child process holding many Socket.IO screens (the bench spreads its clients over several of
 * these, so the load generator does not measure its own JSON parsing). Each screen subscribes to
 * one unit view and counts the `view`s it receives; for marker units it reports the marker
 * worker's note count with the receipt time. Reports go to the parent over IPC.
 *
 * Input (argv[2], JSON): { url, token, holds: string[], markers: { unitId, workerId }[], reportMs }
 */
import { io, type Socket } from 'socket.io-client';

interface Input {
  url: string;
  token: string;
  holds: string[];
  markers: { unitId: string; workerId: string }[];
  reportMs: number;
}

export interface ClientReport {
  type: 'report';
  atMs: number;
  views: number;
  /** `generatedAt` → receipt of each view since the last report. */
  agesMs: number[];
  markers: { unitId: string; count: number; atMs: number }[];
  connected: number;
  pid: number;
}

export type ChildMessage = ClientReport | { type: 'ready'; subscribed: number; failed: string[] };

interface ViewLike {
  generatedAt?: string;
  view?: { workers?: { workerId: string; notesInWindow: number }[] };
}

const input = JSON.parse(process.argv[2]!) as Input;
const markerWorker = new Map(input.markers.map((m) => [m.unitId, m.workerId]));
let views = 0;
let agesMs: number[] = [];
let markers: ClientReport['markers'] = [];
const sockets: Socket[] = [];

function onView(unitId: string, msg: ViewLike, counted: boolean): void {
  const at = Date.now();
  if (counted) {
    views++;
    if (msg.generatedAt) agesMs.push(at - Date.parse(msg.generatedAt));
  }
  const workerId = markerWorker.get(unitId);
  if (!workerId) return;
  const w = msg.view?.workers?.find((x) => x.workerId === workerId);
  if (w) markers.push({ unitId, count: w.notesInWindow, atMs: at });
}

function hold(unitId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = io(`${input.url}/live`, {
      auth: { token: input.token },
      transports: ['websocket'],
      reconnectionDelay: 500,
    });
    sockets.push(s);
    let first = true;
    s.on('view', (msg: ViewLike) => onView(unitId, msg, true));
    s.on('connect', () => {
      // After a reconnect the contract asks for a new subscribe (no connection-state recovery).
      s.emit('subscribe', { scope: 'unit', id: unitId }, (ack: { ok: boolean; error?: string; view?: ViewLike }) => {
        if (ack.ok && ack.view) onView(unitId, ack.view, false);
        if (first) {
          first = false;
          resolve(ack.ok || ack.error === 'not_found');
        }
      });
    });
    s.on('connect_error', (err) => {
      if (err.message === 'unauthorized' && first) {
        first = false;
        resolve(false);
      }
    });
  });
}

async function main(): Promise<void> {
  const failed: string[] = [];
  // Connect in small waves: hundreds of simultaneous handshakes would only measure the wave.
  for (let i = 0; i < input.holds.length; i += 25) {
    const wave = input.holds.slice(i, i + 25);
    const ok = await Promise.all(wave.map(hold));
    wave.forEach((u, j) => (ok[j] ? undefined : failed.push(u)));
  }
  process.send!({ type: 'ready', subscribed: input.holds.length - failed.length, failed } satisfies ChildMessage);
  setInterval(() => {
    const report: ClientReport = {
      type: 'report',
      atMs: Date.now(),
      views,
      agesMs,
      markers,
      connected: sockets.filter((s) => s.connected).length,
      pid: process.pid,
    };
    views = 0;
    agesMs = [];
    markers = [];
    process.send!(report);
  }, input.reportMs);
}

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  for (const s of sockets) s.close();
  process.exit(0);
});
void main();
