import { JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
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

export async function openLeaseBucket(nc: NatsConnection, ttlMs: number): Promise<KV> {
  const kvm = new Kvm(nc);
  try {
    return await kvm.create(LEASES_BUCKET, { ttl: ttlMs, history: 1 });
  } catch {
    // Created by another instance with the same settings (or a config race): open it as it is.
    return await kvm.open(LEASES_BUCKET);
  }
}

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
