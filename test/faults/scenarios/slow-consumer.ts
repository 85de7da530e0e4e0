import { atFault, readBacklog } from '../support/backlog.ts';
import { recordingSender, sendAll } from '../support/http-sender.ts';
import { progress } from '../support/progress.ts';
import type { FaultRow } from '../support/results.ts';
import { RssSampler } from '../support/rss.ts';
import { FaultStack } from '../support/stack.ts';
import { dutyCycle } from '../support/throttle.ts';
import type { Workload } from '../support/workload.ts';
import { awaitAcked, awaitConvergence, awaitProgress } from './common.ts';
import { phasesOf } from './phases.ts';

export interface SlowConsumerResult {
  row: FaultRow;
  peakRssMB: Record<string, number>;
  senderStats: { sent: number; rejected: number; retries: number };
}

/**
 * Fault 5: the processor turns slow (stopped 90% of the time) while producers post the rest of
 * the run through ingest at full speed. JetStream holds the backlog on disk; ingest keeps
 * answering 202 and the processor, when it catches up, holds at most its pull buffer and
 * max_ack_pending in memory. Peak RSS of both is sampled throughout.
 */
export async function slowConsumer(w: Workload, partitions: number): Promise<SlowConsumerResult> {
  const log = (s: string) => progress('slow', s);
  const stack = await FaultStack.start('slow', partitions);
  let rss: RssSampler | undefined;
  try {
    const ingest = await stack.ingest();
    const processor = stack.processor('slow-proc');
    await Promise.all([ingest.service.start(), processor.start()]);
    rss = new RssSampler(() => ({ ingest: ingest.service.pid, processor: processor.pid }));
    const { sender } = recordingSender(ingest.url);
    const p = phasesOf(w);

    await sendAll(sender, p.head);
    await awaitAcked(stack, p.headMessages);
    log(`head of ${p.head.length} events done; processor slowed`);
    const release = dutyCycle(processor, 450, 50);
    let at;
    try {
      await sendAll(sender, p.middle);
      at = atFault(await readBacklog(stack.jsm, partitions), w.messages);
      log(`backlog ${JSON.stringify(at)}; sending the tail`);
      await sendAll(sender, p.tail);
    } finally {
      await release();
    }
    const before = await readBacklog(stack.jsm, partitions);
    const recoveryMs = await awaitProgress(stack, before.acked);
    const conv = await awaitConvergence(stack, w);
    const peakRssMB = rss.stop();
    log(`converged in ${conv.ms} ms: ${JSON.stringify(conv.backlog)}; peak RSS ${JSON.stringify(peakRssMB)}`);
    const stored = conv.backlog.stored;
    return {
      row: {
        fault: 'slow consumer (processor 90% stopped)',
        sent: w.events.length,
        acknowledged: sender.stats.sent,
        streamMessages: stored,
        processed: conv.backlog.acked,
        atFault: at,
        lost: conv.comparison.lost + Math.max(0, w.messages - stored),
        doubled: conv.comparison.doubled + Math.max(0, stored - w.messages),
        recoveryMs,
        convergedMs: conv.ms,
        mismatches: conv.comparison.mismatches,
        peakRssMB,
        note: `backlog measured when the middle of the run was in (the processor still slowed); ${sender.stats.retries} retries`,
      },
      peakRssMB,
      senderStats: { sent: sender.stats.sent, rejected: sender.stats.rejected, retries: sender.stats.retries },
    };
  } finally {
    rss?.stop();
    await stack.destroy();
  }
}
