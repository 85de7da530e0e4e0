import { io, type Socket } from 'socket.io-client';
import { UnitView, ViewMessage } from '@caseload/shared';

/** A resubscription after a reconnect: the whole view again, with its seq and the last one seen before. */
export interface Resync {
  at: number;
  unitId: string;
  seq: number;
  seqBefore: number;
  url: string;
}

/**
 * A wallboard screen as a socket.io-client on `/live`: subscribes to units and keeps the latest
 * view of each. When its server goes away it either waits for that server to come back
 * (`sticky`: socket.io's own reconnection) or moves to the next URL (`failover`); either way it
 * subscribes again (CONTRACT §3: no connection-state recovery) and records the resync.
 */
export class LiveWatcher {
  readonly views = new Map<string, UnitView>();
  readonly lastSeq = new Map<string, number>();
  readonly resyncs: Resync[] = [];
  /** Views that came with a seq below one already seen (must stay 0). */
  backwards = 0;
  connects = 0;
  private socket: Socket | undefined;
  private urlIndex = 0;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly urls: string[],
    private readonly token: string,
    private readonly unitIds: string[],
    readonly mode: 'sticky' | 'failover',
  ) {}

  get url(): string {
    return this.urls[this.urlIndex]!;
  }

  /** Connects and resolves once every unit's view arrived. */
  async start(): Promise<void> {
    this.open();
    const deadline = Date.now() + 30_000;
    while (this.views.size < this.unitIds.length) {
      if (Date.now() > deadline) throw new Error(`${this.name}: views of ${this.unitIds.length} units did not arrive`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private open(): void {
    const url = this.url;
    const socket = io(`${url}/live`, {
      transports: ['websocket'],
      auth: { token: this.token },
      reconnection: this.mode === 'sticky',
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      const first = this.connects++ === 0;
      for (const unitId of this.unitIds) {
        socket.emit('subscribe', { scope: 'unit', id: unitId }, (ack: { ok: boolean; view?: unknown }) => {
          if (!ack.ok || !ack.view) return;
          const seqBefore = this.lastSeq.get(unitId) ?? -1;
          const seq = this.take(ack.view);
          if (!first && seq !== undefined) this.resyncs.push({ at: Date.now(), unitId, seq, seqBefore, url });
        });
      }
    });
    socket.on('view', (m: unknown) => void this.take(m));
    socket.on('disconnect', () => {
      if (this.closed || this.mode === 'sticky') return;
      socket.close();
      this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      this.open();
    });
    socket.on('connect_error', () => {
      if (this.closed || this.mode === 'sticky') return;
      // The next server may still be starting: try again shortly on the same URL.
      setTimeout(() => !this.closed && socket.connect(), 250);
    });
  }

  /** Keeps a unit view message; returns its seq. */
  private take(raw: unknown): number | undefined {
    const m = ViewMessage.safeParse(raw);
    if (!m.success || m.data.scope !== 'unit' || !m.data.id) return undefined;
    const unitId = m.data.id;
    const last = this.lastSeq.get(unitId) ?? -1;
    if (m.data.seq < last) {
      this.backwards++;
      return m.data.seq;
    }
    this.lastSeq.set(unitId, m.data.seq);
    this.views.set(unitId, UnitView.parse(m.data.view));
    return m.data.seq;
  }

  /** Resynced every unit since `since` (ms). */
  resyncedSince(since: number): boolean {
    const units = new Set(this.resyncs.filter((r) => r.at >= since).map((r) => r.unitId));
    return this.unitIds.every((u) => units.has(u));
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}
