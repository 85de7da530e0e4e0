import { io, type Socket } from 'socket.io-client';
import type { Heartbeat, SiteView, SitesView, UnitView, ViewMessage } from '@caseload/shared';
import type { ClientEvents, ServerEvents, SubscribeRequest } from '../live-events.ts';
import { DEFAULT_FRESHNESS, freshness, type FreshnessSettings } from './freshness.ts';
import { isNewer, viewKey } from './seq-guard.ts';

/** Why the connection ended for good: the server refused us, or revoked this display. */
export type Refusal = 'unauthorized' | 'revoked';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'refused';

interface Held {
  message: ViewMessage;
  /** Local time it arrived. */
  receivedAt: number;
}

const RETRY_UNAVAILABLE_MS = 3_000;

/**
 * The live connection of one page: the Socket.IO client on `/live`, the views it subscribed to (kept
 * by key, never replaced by an older `seq`), the last heartbeat and a ticking clock, from which
 * freshness is derived. Created once per page tree and handed down through context (live-context.ts).
 */
export class LiveStore {
  #socket: Socket<ServerEvents, ClientEvents> | null = null;
  // Not state: what to subscribe to again after a reconnect; nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #subscriptions = new Map<string, SubscribeRequest>();
  #retry: ReturnType<typeof setTimeout> | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  #views = $state<Record<string, Held>>({});
  #phase = $state<ConnectionPhase>('connecting');
  #refusal = $state<Refusal | null>(null);
  #lastHeartbeatAt = $state<number | null>(null);
  #lastBeat = $state<Heartbeat | null>(null);
  #startedAt = $state(Date.now());
  #now = $state(Date.now());
  #settings = $state<FreshnessSettings>(DEFAULT_FRESHNESS);
  #errors = $state<Record<string, string>>({});

  readonly freshness = $derived(
    freshness(
      {
        now: this.#now,
        lastHeartbeatAt: this.#lastHeartbeatAt,
        startedAt: this.#startedAt,
        lagMs: this.#lastBeat?.lagMs ?? null,
      },
      this.#settings,
    ),
  );

  /** Stale: the board must grey its figures and say so. Not stale merely because nothing changed. */
  readonly stale = $derived(this.freshness.reason !== null || this.#phase === 'refused');

  /** The last moment we knew the data was current: the newest heartbeat or view to arrive. */
  readonly lastUpdateAt = $derived(
    Math.max(this.#lastHeartbeatAt ?? 0, ...Object.values(this.#views).map((h) => h.receivedAt)) || null,
  );

  get phase() {
    return this.#phase;
  }
  get refusal() {
    return this.#refusal;
  }
  get now() {
    return this.#now;
  }
  get heartbeat() {
    return this.#lastBeat;
  }
  get lastHeartbeatAt() {
    return this.#lastHeartbeatAt;
  }
  get settings() {
    return this.#settings;
  }

  configure(settings: FreshnessSettings) {
    this.#settings = settings;
  }

  /** Opens the socket (same origin, session cookie). Call from the browser only. */
  connect(url = '/live') {
    if (this.#socket) return;
    this.#startedAt = Date.now();
    this.#ticker = setInterval(() => (this.#now = Date.now()), 1000);
    const socket: Socket<ServerEvents, ClientEvents> = io(url, {
      withCredentials: true,
      // WebSocket only: its handshake always carries the Origin the server checks for cookie sessions
      // (a same-origin long-polling GET carries none), and a TV needs no polling fallback.
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    this.#socket = socket;
    socket.on('connect', () => {
      this.#phase = 'connected';
      // No connection-state recovery: every (re)connect subscribes again and takes the whole view.
      for (const request of this.#subscriptions.values()) this.#send(request);
    });
    socket.on('disconnect', (reason) => {
      if (this.#phase === 'refused') return;
      this.#phase = 'reconnecting';
      // A server that shuts down gracefully disconnects its sockets itself, and Socket.IO's client does
      // not reconnect after that on its own: the restarted server must find the TV trying again.
      if (reason === 'io server disconnect') this.#scheduleRetry();
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        this.#refuse('unauthorized');
        return;
      }
      this.#phase = 'reconnecting';
      // A refusal by the server's middleware (e.g. `unavailable`) stops the client's own retries.
      if (!socket.active) this.#scheduleRetry();
    });
    socket.on('heartbeat', (beat) => {
      this.#lastBeat = beat;
      this.#lastHeartbeatAt = Date.now();
      this.#now = Date.now();
    });
    socket.on('view', (message) => this.#accept(message));
    socket.on('revoked', () => this.#refuse('revoked'));
  }

  subscribe(request: SubscribeRequest): () => void {
    const key = viewKey(request.scope, 'id' in request ? request.id : undefined);
    this.#subscriptions.set(key, request);
    if (!this.#socket && typeof window !== 'undefined') this.connect();
    else if (this.#socket?.connected) this.#send(request);
    return () => {
      this.#subscriptions.delete(key);
      if (this.#socket?.connected) this.#socket.emit('unsubscribe', request);
    };
  }

  /** The held message for a key, e.g. for the age of a panel. */
  message(key: string): ViewMessage | undefined {
    return this.#views[key]?.message;
  }

  receivedAt(key: string): number | null {
    return this.#views[key]?.receivedAt ?? null;
  }

  error(key: string): string | undefined {
    return this.#errors[key];
  }

  unit(unitId: string): UnitView | undefined {
    return this.#views[viewKey('unit', unitId)]?.message.view as UnitView | undefined;
  }

  site(siteId: string): SiteView | undefined {
    return this.#views[viewKey('site', siteId)]?.message.view as SiteView | undefined;
  }

  sites(): SitesView | undefined {
    return this.#views.sites?.message.view as SitesView | undefined;
  }

  /**
   * Age of a panel's data: time since we last knew it was current. While heartbeats arrive the
   * unchanged view is confirmed by each of them, so a quiet unit shows a small age.
   */
  ageOf(key: string): number | null {
    const got = this.#views[key]?.receivedAt;
    if (got === undefined) return null;
    const confirmed = this.freshness.live ? Math.max(got, this.#lastHeartbeatAt ?? 0) : got;
    return Math.max(0, this.#now - confirmed);
  }

  close() {
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#ticker) clearInterval(this.#ticker);
    this.#socket?.close();
    this.#socket = null;
  }

  #send(request: SubscribeRequest) {
    const key = viewKey(request.scope, 'id' in request ? request.id : undefined);
    this.#socket?.emit('subscribe', request, (answer) => {
      if (answer.ok) {
        delete this.#errors[key];
        this.#accept(answer.view);
      } else {
        this.#errors[key] = answer.error;
      }
    });
  }

  #accept(message: ViewMessage) {
    const key = viewKey(message.scope, message.id);
    const held = this.#views[key];
    if (!isNewer(held?.message, message)) {
      // Same or older: keep what is shown, but an equal seq still proves the view is current.
      if (held && message.seq === held.message.seq) held.receivedAt = Date.now();
      return;
    }
    this.#views[key] = { message, receivedAt: Date.now() };
  }

  #scheduleRetry() {
    if (this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.#phase !== 'refused') this.#socket?.connect();
    }, RETRY_UNAVAILABLE_MS);
  }

  #refuse(why: Refusal) {
    this.#phase = 'refused';
    this.#refusal = why;
    this.#socket?.close();
  }
}
