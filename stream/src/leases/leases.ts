import { JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { LEASES_BUCKET } from '@caseload/shared';

/**
 * Ownership through NATS KV: a lease is a key created only if absent (create), renewed by
 * compare-and-set on its revision (update), and lost when the bucket's TTL expires it. The
 * revision is the epoch saved with each checkpoint, so a later owner always holds a larger one.
 */
export interface LeaseValue {
  instanceId: string;
  at: string;
}

/**
 * Opens (creating when absent) the lease bucket with this TTL. `Kvm.create` opens an existing
 * bucket as it is, so a bucket made earlier with another TTL is updated in place: the TTL is the
 * backing stream's max_age (its de-duplication window may not exceed it). Live leases keep their
 * revisions, so owners renew on as before. Returns the TTL that was there before, when changed.
 */
export async function openLeaseBucket(
  nc: NatsConnection,
  ttlMs: number,
  opts: { bucket?: string } = {},
): Promise<{ kv: KV; previousTtlMs?: number }> {
  const bucket = opts.bucket ?? LEASES_BUCKET;
  const kvm = new Kvm(nc);
  const kv = await kvm.create(bucket, { ttl: ttlMs, history: 1 }).catch(() => kvm.open(bucket));
  const status = await kv.status();
  if (status.ttl === ttlMs) return { kv };
  const jsm = await jetstreamManager(nc);
  const stream = status.streamInfo.config.name;
  const { config } = await jsm.streams.info(stream);
  await jsm.streams.update(stream, {
    ...config,
    max_age: nanos(ttlMs),
    duplicate_window: nanos(Math.min(ttlMs, DEFAULT_DUPLICATE_WINDOW_MS)),
  });
  return { kv, previousTtlMs: status.ttl };
}

/** JetStream's default de-duplication window (2 min), used by KV buckets with a longer TTL. */
const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

export class Leases {
  constructor(
    private readonly kv: KV,
    readonly instanceId: string,
  ) {}

  private value(): string {
    return JSON.stringify({ instanceId: this.instanceId, at: new Date().toISOString() } satisfies LeaseValue);
  }

  /** The lease's revision (epoch) when acquired, or null when someone else holds it. */
  async acquire(name: string): Promise<number | null> {
    try {
      return await this.kv.create(name, this.value());
    } catch {
      return null;
    }
  }

  /**
   * The new revision; `lost` when someone else's write came first (the revision moved on, or the
   * key expired and was taken); `error` when the server could not be asked (retry: the lease may
   * still be ours until its TTL).
   */
  async renew(name: string, revision: number): Promise<number | 'lost' | 'error'> {
    try {
      return await this.kv.update(name, this.value(), revision);
    } catch (err) {
      return err instanceof JetStreamApiError ? 'lost' : 'error';
    }
  }

  /** Gives the lease up at once (graceful hand-over) if still ours. */
  async release(name: string, revision: number): Promise<void> {
    try {
      await this.kv.delete(name, { previousSeq: revision });
    } catch {
      // Already lost or taken: nothing to give up.
    }
  }

  async holder(name: string): Promise<LeaseValue | null> {
    const e = await this.kv.get(name).catch(() => null);
    if (!e || e.operation !== 'PUT') return null;
    try {
      return JSON.parse(e.string()) as LeaseValue;
    } catch {
      return null;
    }
  }
}
