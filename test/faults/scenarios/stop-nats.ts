import { atFault, readBacklog } from '../support/backlog.ts';
import { recordingSender, sendAll, type Answers } from '../support/http-sender.ts';
import { locateMissingNotes } from '../support/diagnose.ts';
import { progress } from '../support/progress.ts';
import type { FaultRow } from '../support/results.ts';
import { FaultStack } from '../support/stack.ts';
import { dutyCycle } from '../support/throttle.ts';
import { sleep, waitFor } from '../support/wait.ts';
import type { Workload } from '../support/workload.ts';
import { awaitAcked, awaitConvergence } from './common.ts';
import { phasesOf } from './phases.ts';

export interface StopNatsResult {
  row: FaultRow;
  answers: Answers;
  /** Events the sender saw accepted (202), retries counted once, and those it gave up on. */
  senderStats: { sent: number; accepted: number; duplicates: number; rejected: number; retries: number };
  /** 503s answered while NATS was down. */
  unavailableWhileDown: number;
  storedMessages: number;
}

const OUTAGE_MS = 2500;

/**
 * Fault 2: producers post the run through ingest (HTTP); with the processor held back and a backlog
 * of ≥ 10,000 messages, nats-server stops and restarts on the same data directory while the sender
 * keeps posting. Ingest must answer 503 with Retry-After meanwhile and lose nothing it accepted.
 */
export async function stopNats(w: Workload, partitions: number): Promise<StopNatsResult> {
  const log = (s: string) => progress('nats', s);
  const stack = await FaultStack.start('nats', partitions);
  try {
    const ingest = await stack.ingest();
    const processor = stack.processor('nats-proc');
    await Promise.all([ingest.service.start(), processor.start()]);
    const { sender, answers } = recordingSender(ingest.url);
    const p = phasesOf(w);

    await sendAll(sender, p.head);
    await awaitAcked(stack, p.headMessages);
    log(`head of ${p.head.length} events done`);
    const release = dutyCycle(processor, 450, 50);
    await sendAll(sender, p.middle);
    const at = atFault(await readBacklog(stack.jsm, partitions), w.messages);
    log(`stopping NATS at ${JSON.stringify(at)}`);

    await stack.nats.stop();
    const downAt = Date.now();
    const before503 = answers.byStatus.get(503) ?? 0;
    const tail = sendAll(sender, p.tail);
    await sleep(OUTAGE_MS);
    const unavailableWhileDown = (answers.byStatus.get(503) ?? 0) - before503;
    await stack.nats.start();
    const upAt = Date.now();
    log(`NATS back after ${upAt - downAt} ms (${unavailableWhileDown} answers 503 meanwhile)`);
    // Recovery: ingest ready again (the sender's own Retry-After wait is not ingest's doing).
    await waitFor('ingest to be ready again', async () => (await fetch(`${ingest.url}/readyz`)).ok, 60_000, 50);
    const recoveryMs = Date.now() - upAt;
    await waitFor('ingest to accept again', async () => answers.acceptedAt.some((t) => t > upAt), 60_000, 50);
    await tail;
    await release();
    log(`all sent; recovered in ${recoveryMs} ms`);

    const conv = await awaitConvergence(stack, w);
    log(`converged in ${conv.ms} ms: ${JSON.stringify(conv.backlog)}`);
    const stored = conv.backlog.stored;
    const where = conv.comparison.missingRecords
      ? await locateMissingNotes(stack.js, stack.redis, stored).catch((e: unknown) => `not located: ${String(e)}`)
      : '';
    if (where) log(`missing notes: ${where}`);
    return {
      row: {
        fault: 'stop NATS, restart on its data dir',
        sent: w.events.length,
        acknowledged: sender.stats.sent,
        streamMessages: stored,
        processed: conv.backlog.acked,
        atFault: at,
        lost: conv.comparison.lost + Math.max(0, w.messages - stored),
        doubled: conv.comparison.doubled + Math.max(0, stored - w.messages),
        recoveryMs,
        convergedMs: conv.ms,
        mismatches: where ? [where, ...conv.comparison.mismatches] : conv.comparison.mismatches,
        note:
          `${unavailableWhileDown} answers 503 (Retry-After ${[...new Set(answers.retryAfter)].join('/')} s) while down, ` +
          `${sender.stats.retries} retries; stream complete (${stored}/${w.messages} messages)` +
          (where ? `; the processor acked but skipped deliveries: ${where}` : ''),
      },
      answers,
      senderStats: { ...sender.stats },
      unavailableWhileDown,
      storedMessages: stored,
    };
  } finally {
    await stack.destroy();
  }
}
