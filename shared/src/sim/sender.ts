/**
 * Posts events to ingest in CloudEvents batches (at most 100 events or about 1 MB each), with up
 * to `concurrency` requests in flight. 503 and 429 are retried after `Retry-After`, network errors
 * with capped exponential backoff; a retry resends the same events with the same ids, so ingest's
 * de-duplication counts them once. 401/403 stop the run; a 400 is reported and the batch dropped
 * (the same events would fail again).
 */
import type { CaseloadEvent } from '../schemas/events.ts';

export const BATCH_MAX_EVENTS = 100;
export const BATCH_MAX_BYTES = 1_000_000;

export interface SenderOptions {
  url: string;
  apiKey: string;
  concurrency?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** Longest backoff between retries. */
  maxBackoffMs?: number;
}

export interface SenderStats {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  retries: number;
  requests: number;
}

export class FatalSendError extends Error {}

export class BatchSender {
  readonly stats: SenderStats = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, retries: 0, requests: 0 };
  private batch: string[] = [];
  private bytes = 2;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;

  constructor(private readonly o: SenderOptions) {
    this.fetchImpl = o.fetchImpl ?? fetch;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.log = o.log ?? ((l) => process.stderr.write(`${l}\n`));
  }

  /** Adds an event; sends the batch when it is full. Resolves once there is room for more. */
  async add(event: CaseloadEvent): Promise<void> {
    const json = JSON.stringify(event);
    if (this.batch.length > 0 && this.bytes + json.length + 1 > BATCH_MAX_BYTES) await this.flush();
    this.batch.push(json);
    this.bytes += json.length + 1;
    if (this.batch.length >= BATCH_MAX_EVENTS) await this.flush();
  }

  /** Sends what is held (if anything), waiting only for room among the requests in flight. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.batch.length === 0) return;
    const body = `[${this.batch.join(',')}]`;
    const count = this.batch.length;
    this.batch = [];
    this.bytes = 2;
    while (this.inFlight.size >= (this.o.concurrency ?? 4)) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const p = this.post(body, count)
      .catch((e: Error) => {
        this.failure = e;
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Flushes and waits for every request in flight. */
  async drain(): Promise<void> {
    await this.flush();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    if (this.failure) throw this.failure;
  }

  private async post(body: string, count: number): Promise<void> {
    let partial = false;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        this.stats.requests++;
        res = await this.fetchImpl(`${this.o.url}/v1/events${partial ? '?mode=partial' : ''}`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${this.o.apiKey}` },
          body,
        });
      } catch (e) {
        const wait = this.backoff(attempt);
        if (attempt % 5 === 0) this.log(`ingest unreachable (${(e as Error).message}); retrying in ${wait} ms`);
        this.stats.retries++;
        await this.sleep(wait);
        continue;
      }
      if (res.status === 202 || res.status === 200) {
        const r = (await res.json().catch(() => ({}))) as {
          accepted?: number;
          duplicates?: number;
          rejected?: unknown[];
        };
        this.stats.sent += count;
        this.stats.accepted += r.accepted ?? count;
        this.stats.duplicates += r.duplicates ?? 0;
        if (r.rejected?.length) {
          this.stats.rejected += r.rejected.length;
          this.log(
            `ingest rejected ${r.rejected.length} of ${count} events: ${JSON.stringify(r.rejected).slice(0, 500)}`,
          );
        }
        return;
      }
      const text = await res.text().catch(() => '');
      if (res.status === 503 || res.status === 429 || res.status >= 500) {
        const after = Number(res.headers.get('retry-after'));
        const wait = Number.isFinite(after) && after > 0 ? after * 1000 : this.backoff(attempt);
        if (attempt % 5 === 0) this.log(`ingest answered ${res.status}; retrying in ${wait} ms`);
        this.stats.retries++;
        await this.sleep(wait);
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new FatalSendError(`ingest refused the API key (${res.status}): ${text.slice(0, 300)}`);
      }
      if (res.status === 400 && !partial && text.includes('invalid_events')) {
        // Keep the valid events of the batch: send it again in partial mode.
        this.log(`ingest rejected events in a batch of ${count}; resending in partial mode: ${text.slice(0, 300)}`);
        partial = true;
        continue;
      }
      this.stats.rejected += count;
      this.log(`ingest rejected a batch of ${count} (${res.status}): ${text.slice(0, 500)}`);
      return;
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.o.maxBackoffMs ?? 10_000, 250 * 2 ** Math.min(attempt, 10));
  }
}
