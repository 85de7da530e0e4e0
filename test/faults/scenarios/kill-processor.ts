import { progress } from '../support/progress.ts';
import type { FaultRow } from '../support/results.ts';
import { FaultStack } from '../support/stack.ts';
import { compareWithExpected, type Comparison } from '../support/verify.ts';
import type { Workload } from '../support/workload.ts';
import { awaitConvergence, awaitProgress } from './common.ts';
import { injectedRunToStrike } from './injected-run.ts';

export interface KillProcessorResult {
  row: FaultRow;
  /** After the second processor's clean stop (its last flush must not count anything twice). */
  afterCleanStop: Comparison;
  injected: number;
}

/**
 * Fault 1: a processor working through the backlog is killed -9 mid-flight (events applied in
 * memory, not all checkpointed); a new one restores the checkpoint and replays from it.
 */
export async function killProcessor(w: Workload, partitions: number): Promise<KillProcessorResult> {
  const log = (s: string) => progress('kill9', s);
  const stack = await FaultStack.start('kill9', partitions);
  try {
    const first = stack.processor('kill9-first');
    await first.start();
    const { at, injected } = await injectedRunToStrike(stack, w, first, log);
    await first.signal('SIGKILL');
    log(`killed at ${JSON.stringify(at)}`);

    const second = stack.processor('kill9-second');
    await second.start();
    const recoveryMs = await awaitProgress(stack, at.acked);
    log(`second processor acknowledging after ${recoveryMs} ms`);
    const conv = await awaitConvergence(stack, w);
    log(`converged in ${conv.ms} ms: ${JSON.stringify(conv.backlog)}`);
    await second.stop();
    const afterCleanStop = await compareWithExpected(stack.redis, w.unitIds, w.expected);
    return {
      row: {
        fault: 'kill -9 processor, restart',
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
      },
      afterCleanStop,
      injected,
    };
  } finally {
    await stack.destroy();
  }
}
