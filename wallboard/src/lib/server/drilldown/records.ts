import {
  NoteRecord,
  PoolRecord,
  redisKeys,
  SignalRecord,
  SignalStatusRecord,
  WorkerDetail,
  type UnitView,
} from '@caseload/shared';
import type { z } from 'zod';
import type { Redis } from '../redis.ts';
import type { ViewStore } from '../views/view-store.ts';
import type { UnitRef } from '../auth/policy.ts';

/** Reads the processor's drill-down records from Redis, validated; a malformed record is an error, not data. */
export class RecordReader {
  constructor(
    private readonly redis: Redis,
    private readonly views: ViewStore,
  ) {}

  private async read<T extends z.ZodType>(schema: T, key: string): Promise<z.output<T> | null> {
    const raw = await this.redis.get(key);
    if (raw === null) return null;
    return schema.parse(JSON.parse(raw));
  }

  signal(signalId: string) {
    return this.read(SignalRecord, redisKeys.signal(signalId));
  }
  signalStatus(signalId: string) {
    return this.read(SignalStatusRecord, redisKeys.signalStatus(signalId));
  }
  note(noteId: string) {
    return this.read(NoteRecord, redisKeys.note(noteId));
  }
  worker(workerId: string) {
    return this.read(WorkerDetail, redisKeys.worker(workerId));
  }
  pool(unitId: string) {
    return this.read(PoolRecord, redisKeys.pool(unitId));
  }

  /** A unit with its site (from its live view), so site-scoped principals can be checked. */
  async unitRef(unitId: string): Promise<UnitRef> {
    const v = await this.views.current('unit', unitId);
    return { unitId, siteId: v ? (v.view as UnitView).siteId : undefined };
  }

  async capacityLog(unitId: string, count: number): Promise<z.output<typeof SignalStatusRecord>[]> {
    const rows = (await this.redis.xRevRange(redisKeys.capacityLog(unitId), '+', '-', { COUNT: count })) ?? [];
    const out: z.output<typeof SignalStatusRecord>[] = [];
    for (const row of rows) {
      const parsed = SignalStatusRecord.safeParse(JSON.parse(String(row.message.entry ?? 'null')));
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }
}
