import { AuditEntry, redisKeys } from '@caseload/shared';
import type { LlmAuditEntry } from './groq-refiner.ts';

/** The one Redis command the audit log needs (a node-redis v6 client fits). */
export interface AuditRedis {
  xAdd(key: string, id: string, message: Record<string, string>): Promise<unknown>;
}

/**
 * Writes each Groq request to the audit log the wallboard reads (`redisKeys.audit`, a Redis stream
 * whose entries hold an `AuditEntry` as JSON in field `entry`): who sent which note to which model
 * with which prompt, and how it ended. Never the note text.
 */
export function groqAuditWriter(redis: AuditRedis, instanceId: string): (e: LlmAuditEntry) => Promise<void> {
  return async (e) => {
    const entry = AuditEntry.parse({
      at: e.at,
      action: 'groq.call',
      actor: { kind: 'service', id: instanceId },
      outcome: e.outcome === 'ok' ? 'ok' : 'failed',
      what: {
        noteId: e.noteId,
        model: e.model,
        promptVersion: e.promptVersion,
        dictionaryVersion: e.dictionaryVersion,
        attempt: e.attempt,
        result: e.outcome,
      },
      from: { service: 'stream' },
    });
    await redis.xAdd(redisKeys.audit, '*', { entry: JSON.stringify(entry) });
  };
}
