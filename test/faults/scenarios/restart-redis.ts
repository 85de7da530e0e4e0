import { readBacklog } from '../support/backlog.ts';
import { progress } from '../support/progress.ts';
import type { FaultRow } from '../support/results.ts';
import { FaultStack } from '../support/stack.ts';
import { sleep } from '../support/wait.ts';
import type { Workload } from '../support/workload.ts';
import { awaitConvergence, awaitProgress } from './common.ts';
import { injectedRunToStrike } from './injected-run.ts';

const OUTAGE_MS = 2000;

/**
 * Fault 3: redis-server (appendonly yes) stops mid-flight and starts again on its data directory
 * while the processor keeps running: checkpoints fail meanwhile and nothing is acked, then it
 * must carry on and end with the right views.
 */
export async function restartRedis(w: Workload, partitions: number): Promise<{ row: FaultRow; injected: number }> {
  const log = (s: string) => progress('redis', s);
  const stack = await FaultStack.start('redis', partitions);
  try {
    const processor = stack.processor('redis-proc');
    await processor.start();
    const { at, injected } = await injectedRunToStrike(stack, w, processor, log);
    await stack.redisServer.stop();
    log(`Redis stopped at ${JSON.stringify(at)}`);
    await sleep(OUTAGE_MS);
    // The baseline after the outage: acks of checkpoints saved just before the stop do not count.
    const before = await readBacklog(stack.jsm, partitions);
    await stack.redisServer.start();
    const recoveryMs = await awaitProgress(stack, before.acked);
    log(`acknowledging again ${recoveryMs} ms after Redis restarted`);
    const conv = await awaitConvergence(stack, w);
    log(`converged in ${conv.ms} ms: ${JSON.stringify(conv.backlog)}`);
    return {
      row: {
        fault: 'stop Redis (appendonly), restart',
        sent: w.events.length,
        acknowledged: w.events.length,
        streamMessages: conv.backlog.stored,
        processed: conv.backlog.acked,
        atFault: at,
        lost: conv.comparison.lost + Math.max(0, injected - conv.backlog.stored),
        doubled: conv.comparison.doubled + Math.max(0, conv.backlog.stored - injected),
        recoveryMs,
        convergedMs: conv.ms,
        mismatches: conv.comparison.mismatches,
        note: `down ${OUTAGE_MS / 1000} s; the processor kept running`,
      },
      injected,
    };
  } finally {
    await stack.destroy();
  }
}
