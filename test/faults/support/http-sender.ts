import type { CaseloadEvent } from '@caseload/shared';
// The simulator's own sender; `@caseload/shared/sim` does not re-export it, so it is imported by path.
import { BatchSender } from '../../../shared/src/sim/sender.ts';
import { TEST_API_KEY } from '@caseload/shared/testing';

/** What ingest answered, as the producer saw it. */
export interface Answers {
  byStatus: Map<number, number>;
  /** Retry-After values (seconds) that came with 503s. */
  retryAfter: number[];
  /** Wall time of each 202, in order. */
  acceptedAt: number[];
}

/**
 * The simulator's sender (batches of 100, retries on 503 after Retry-After, same ids on a retry)
 * aimed at one ingest, with every answer recorded. Concurrency 1 keeps the stream in send order,
 * so a note's retraction never lands before the note.
 */
export function recordingSender(url: string): { sender: BatchSender; answers: Answers } {
  const answers: Answers = { byStatus: new Map(), retryAfter: [], acceptedAt: [] };
  const fetchImpl: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    answers.byStatus.set(res.status, (answers.byStatus.get(res.status) ?? 0) + 1);
    if (res.status === 503) answers.retryAfter.push(Number(res.headers.get('retry-after')));
    if (res.status === 202) answers.acceptedAt.push(Date.now());
    return res;
  };
  const sender = new BatchSender({
    url,
    apiKey: TEST_API_KEY,
    concurrency: 1,
    fetchImpl,
    maxBackoffMs: 1000,
    log: () => undefined,
  });
  return { sender, answers };
}

/** Sends events and waits until ingest accepted all of them (the sender retries as told). */
export async function sendAll(sender: BatchSender, events: CaseloadEvent[]): Promise<void> {
  for (const e of events) await sender.add(e);
  await sender.drain();
}
