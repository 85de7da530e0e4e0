import type { Heartbeat, ViewMessage } from '@caseload/shared';

/**
 * The Socket.IO `/live` protocol of CONTRACT §3, declared once for the server and the browser.
 * `subscribe`'s ack carries the same message the `view` event does, so a client handles both alike.
 */
export type SubscribeRequest = { scope: 'unit'; id: string } | { scope: 'site'; id: string } | { scope: 'sites' };

/**
 * `not_found`: no view yet, but the subscription stands: the first one the processor publishes is
 * pushed as a `view`. `unavailable`: Redis could not be read just now; subscribe again later.
 */
export type SubscribeError = 'forbidden' | 'not_found' | 'invalid' | 'unavailable';

export type SubscribeAck = { ok: true; view: ViewMessage } | { ok: false; error: SubscribeError };

export type UnsubscribeAck = { ok: true } | { ok: false; error: 'invalid' };

export interface ClientEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (request: SubscribeRequest, ack?: (answer: UnsubscribeAck) => void) => void;
}

export interface ServerEvents {
  view: (message: ViewMessage) => void;
  heartbeat: (beat: Heartbeat) => void;
  revoked: () => void;
}

/** The `connect_error` messages a client may receive: do not retry, or retry later. */
export const LIVE_REFUSALS = { unauthorized: 'unauthorized', unavailable: 'unavailable' } as const;

export const LIVE_NAMESPACE = '/live';
