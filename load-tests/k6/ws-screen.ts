import { WebSocket } from 'ws';
import { ScreenSession, type Observation, type Subscription } from './lib/screen-session.js';
import { socketIoUrl } from './lib/socketio.js';

/**
 * Test support: one screen driven the way lib/k6/screen.js drives it under k6, but over Node's `ws`
 * package (k6/ws is to k6 what `ws` is to Node): every received frame goes through ScreenSession,
 * every frame it returns is sent back.
 */
export interface ScreenRun {
  observations: Observation[];
  /** When the connection closed before the hold was over (by the server, or by `stopAt`). */
  closedAfterMs: number | null;
}

export interface ScreenOptions {
  holdMs: number;
  /** false: ignore the server's pings (to see the server give up on us). */
  answerPings?: boolean;
  /** Closes the connection once this returns true for the observations so far. */
  stopAt?: (seen: Observation[]) => boolean;
  /** Called with each observation as it comes (to act on the server side meanwhile). */
  onObservation?: (o: Observation) => void;
}

export function runScreen(
  baseUrl: string,
  token: string,
  subscription: Subscription,
  opts: ScreenOptions,
): Promise<ScreenRun> {
  const answerPings = opts.answerPings ?? true;
  const stopAt = opts.stopAt ?? ((seen) => seen.some((o) => o.kind === 'connect_error'));
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const session = new ScreenSession({ token, subscription }, started);
    const observations: Observation[] = [];
    const socket = new WebSocket(socketIoUrl(baseUrl));
    const timer = setTimeout(() => socket.close(), opts.holdMs);
    socket.on('message', (data) => {
      const step = session.receive(String(data), Date.now());
      for (const frame of step.send) if (answerPings || frame !== '3') socket.send(frame);
      for (const o of step.observations) {
        observations.push(o);
        opts.onObservation?.(o);
      }
      if (stopAt(observations)) socket.close();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const closedAfterMs = Date.now() - started;
      resolve({ observations, closedAfterMs: closedAfterMs < opts.holdMs - 20 ? closedAfterMs : null });
    });
    socket.on('error', reject);
  });
}
