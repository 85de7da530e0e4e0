import { Agent, request } from 'node:http';
import type { CaseloadEvent } from '@caseload/shared';
import type { FlowCycle } from './county-load.ts';
import { markerNote, type MarkerBook, type MarkerUnit } from './markers.ts';

/** POSTs CloudEvents batches to ingest over kept-alive connections (plain node:http: the client must stay cheap). */
export class BatchPoster {
  private readonly agent: Agent;
  private readonly url: URL;
  firstError: string | undefined;

  constructor(
    ingestUrl: string,
    private readonly apiKey: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
    this.url = new URL('/v1/events', ingestUrl);
  }

  post(body: Buffer): Promise<{ status: number; accepted: number; retryAfterS?: number }> {
    return new Promise((resolve) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/cloudevents-batch+json',
            'content-length': body.length,
            authorization: `Bearer ${this.apiKey}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status !== 202) {
              this.firstError ??= `${status} ${text.slice(0, 300)}`;
              const retry = Number(res.headers['retry-after']);
              return resolve({ status, accepted: 0, ...(retry > 0 ? { retryAfterS: retry } : {}) });
            }
            resolve({ status, accepted: (JSON.parse(text) as { accepted: number }).accepted });
          });
        },
      );
      req.on('error', (e) => {
        this.firstError ??= e.message;
        resolve({ status: 0, accepted: 0 });
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends every event as fast as ingest takes them (the opening roster), retrying 503s after Retry-After. */
export async function sendAll(
  poster: BatchPoster,
  events: CaseloadEvent[],
  batchSize: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < events.length) {
      const batch = events.slice(next, next + batchSize);
      next += batch.length;
      const body = Buffer.from(JSON.stringify(batch));
      for (let attempt = 0; ; attempt++) {
        const r = await poster.post(body);
        if (r.status === 202) {
          accepted += batch.length; // duplicates (a retried batch) are stored once, as the contract says
          break;
        }
        if (attempt >= 5 || (r.status !== 503 && r.status !== 0))
          throw new Error(`ingest refused the opening roster: ${poster.firstError}`);
        await sleep((r.retryAfterS ?? 1) * 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return accepted;
}

/** Flow events in batches, with a marker note in place of one event every `markerEveryMs`. */
export class BatchSource {
  private nextMarkerAt = 0;
  private turn = 0;
  private smallBatches = 0;
  private readonly ordinals = new Map<string, number>();

  constructor(
    private readonly flow: FlowCycle,
    private readonly markers: MarkerUnit[],
    private readonly siteId: string,
    private readonly book: MarkerBook,
    private readonly markerEveryMs: number,
  ) {}

  next(size: number, nowMs: number): { body: Buffer; events: number; markers: { unitId: string; ordinal: number }[] } {
    const events = this.flow.take(size);
    const placed: { unitId: string; ordinal: number }[] = [];
    // Markers stay a small share of the load: in batches under 5 events only every 5th batch carries one.
    const room = size >= 5 || ++this.smallBatches % 5 === 0;
    if (this.markers.length > 0 && nowMs >= this.nextMarkerAt && room) {
      this.nextMarkerAt = Math.max(this.nextMarkerAt + this.markerEveryMs, nowMs - this.markerEveryMs);
      const u = this.markers[this.turn++ % this.markers.length]!;
      const ordinal = (this.ordinals.get(u.unitId) ?? 0) + 1;
      this.ordinals.set(u.unitId, ordinal);
      events[events.length - 1] = markerNote(u, ordinal, this.siteId, new Date(nowMs).toISOString());
      this.book.sent(u.unitId, ordinal);
      placed.push({ unitId: u.unitId, ordinal });
    }
    return { body: Buffer.from(JSON.stringify(events)), events: events.length, markers: placed };
  }
}

export interface PacedResult {
  sentEvents: number;
  acceptedEvents: number;
  failedRequests: number;
  /** When each accepted request was answered, and how many events it held (for windowed rates). */
  acceptances: { atMs: number; events: number }[];
}

/**
 * Sends at `rate` events/s for `seconds`: batches leave when the schedule says so, with at most
 * `maxInFlight` requests waiting; a system that cannot keep up falls behind the schedule, and
 * the step's accepted rate shows it.
 */
export async function sendPaced(o: {
  poster: BatchPoster;
  source: BatchSource;
  book: MarkerBook;
  rate: number;
  seconds: number;
  batchSize: number;
  maxInFlight: number;
  stopped: () => boolean;
}): Promise<PacedResult> {
  const out: PacedResult = { sentEvents: 0, acceptedEvents: 0, failedRequests: 0, acceptances: [] };
  const t0 = Date.now();
  const endAt = t0 + o.seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  while (!o.stopped()) {
    const now = Date.now();
    if (now >= endAt) break;
    const due = (o.rate * (now - t0)) / 1000;
    while (out.sentEvents < due && inFlight.size < o.maxInFlight) {
      const batch = o.source.next(o.batchSize, Date.now());
      out.sentEvents += batch.events;
      const p = o.poster.post(batch.body).then((r) => {
        const at = Date.now();
        if (r.status !== 202) {
          out.failedRequests++;
          return;
        }
        out.acceptedEvents += r.accepted;
        out.acceptances.push({ atMs: at, events: r.accepted });
        for (const m of batch.markers) o.book.accepted(m.unitId, m.ordinal, at);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    // Sleep until the next batch is due (or a request frees a slot).
    const waitMs = Math.max(1, Math.min(20, ((out.sentEvents - due) * 1000) / o.rate));
    await Promise.race([sleep(waitMs), ...(inFlight.size >= o.maxInFlight ? inFlight : [])]);
  }
  await Promise.all(inFlight);
  return out;
}
