import { Kvm, type KV } from '@nats-io/kv';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { UNIT_SITES_BUCKET } from '@caseload/shared';
import { NatsUnavailableError } from '../publisher/unavailable.ts';

/**
 * Which site each unit belongs to, learned from accepted `caseload.unit.upserted` events and kept in
 * a NATS KV bucket so every ingest instance sees the same placements. Each instance keeps a local
 * copy fed by a watch of the bucket; a unit missing locally is read from the bucket directly,
 * because another instance may have placed it a moment ago.
 */
export class UnitSitesDirectory {
  readonly #cache = new Map<string, string>();
  #stopped = false;
  #watcher: { stop(): void } | undefined;

  private constructor(
    private readonly kv: KV,
    private readonly log: Logger,
  ) {}

  static async open(js: JetStreamClient, log: Logger): Promise<UnitSitesDirectory> {
    const kv = await openBucket(js);
    const dir = new UnitSitesDirectory(kv, log);
    void dir.#watchLoop();
    return dir;
  }

  /** Defines the bucket again (after a server came back without its data). */
  static async ensureBucket(js: JetStreamClient): Promise<void> {
    await openBucket(js);
  }

  /** The known sites of these units (units nobody placed are absent). */
  async sitesOf(unitIds: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const u of new Set(unitIds)) {
      const site = this.#cache.get(u);
      if (site === undefined) missing.push(u);
      else out.set(u, site);
    }
    try {
      await Promise.all(
        missing.map(async (u) => {
          const entry = await this.kv.get(u);
          if (entry && entry.operation === 'PUT') {
            const site = entry.string();
            this.#cache.set(u, site);
            out.set(u, site);
          }
        }),
      );
    } catch (err) {
      throw new NatsUnavailableError('could not read unit placements from NATS KV', { cause: err });
    }
    return out;
  }

  /** Stores placements that differ from what this instance knows. */
  async record(placements: ReadonlyMap<string, string>): Promise<void> {
    const changed = [...placements].filter(([u, s]) => this.#cache.get(u) !== s);
    try {
      await Promise.all(
        changed.map(async ([u, s]) => {
          await this.kv.put(u, s);
          this.#cache.set(u, s);
        }),
      );
    } catch (err) {
      throw new NatsUnavailableError('could not store unit placements in NATS KV', { cause: err });
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#watcher?.stop();
  }

  /** Follows the bucket for placements other instances make; starts again if the watch ends. */
  async #watchLoop(): Promise<void> {
    while (!this.#stopped) {
      try {
        const iter = await this.kv.watch();
        this.#watcher = iter;
        for await (const e of iter) {
          if (e.operation === 'PUT') this.#cache.set(e.key, e.string());
          else this.#cache.delete(e.key);
        }
      } catch (err) {
        if (!this.#stopped) this.log.warn({ err }, 'unit placement watch failed; retrying');
      }
      if (!this.#stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function openBucket(js: JetStreamClient): Promise<KV> {
  return new Kvm(js).create(UNIT_SITES_BUCKET, { history: 1 });
}
