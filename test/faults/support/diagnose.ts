import type { JetStreamClient } from '@nats-io/jetstream';
import { EVENTS_STREAM, partitionOfSubject, redisKeys, type StoredEvent } from '@caseload/shared';
import type { RedisClient } from './stack.ts';

/**
 * For a post-mortem of lost notes: reads the whole stream back (ordered consumer) and tells, per
 * partition, the stream sequences of the notes whose records are missing. A contiguous block of
 * sequences points at deliveries the processor skipped.
 */
export async function locateMissingNotes(js: JetStreamClient, redis: RedisClient, total: number): Promise<string> {
  const consumer = await js.consumers.get(EVENTS_STREAM);
  const messages = await consumer.fetch({ max_messages: total, expires: 30_000 });
  const notes: { noteId: string; seq: number; partition: number }[] = [];
  let seen = 0;
  for await (const m of messages) {
    seen++;
    const e = m.json<StoredEvent>();
    if (e.type === 'caseload.note.submitted' || e.type === 'caseload.note.amended')
      notes.push({ noteId: e.data.noteId, seq: m.seq, partition: partitionOfSubject(m.subject) ?? -1 });
    if (seen >= total) break;
  }
  const exists = await Promise.all(notes.map((n) => redis.exists(redisKeys.note(n.noteId))));
  const missing = notes.filter((_, i) => !exists[i]);
  const byPartition = new Map<number, number[]>();
  for (const n of missing) byPartition.set(n.partition, [...(byPartition.get(n.partition) ?? []), n.seq]);
  return [...byPartition]
    .map(([p, seqs]) => `p${p}: ${seqs.length} notes at stream seq ${Math.min(...seqs)}–${Math.max(...seqs)}`)
    .join('; ');
}
